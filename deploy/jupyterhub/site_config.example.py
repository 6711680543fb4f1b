# A bank's own settings for the training-room hub, loaded last (CASEBOOK_HUB_SITE_CONFIG).
# Copy this file outside the checkout, keep the parts you need, fill in your values.
# Both authenticators are pinned in requirements.txt, so the offline bundle has them.
# ruff: noqa: F821  (`c` is provided by JupyterHub's config loader)

from pathlib import Path

# --- Login with the bank's directory (LDAP / Active Directory) ------------------------------
c.JupyterHub.authenticator_class = "ldapauthenticator.LDAPAuthenticator"
c.LDAPAuthenticator.server_address = "ldap.training.bank.example"
c.LDAPAuthenticator.server_port = 636
c.LDAPAuthenticator.tls_strategy = "on_connect"
c.LDAPAuthenticator.lookup_dn = True
c.LDAPAuthenticator.user_search_base = "ou=staff,dc=bank,dc=example"
c.LDAPAuthenticator.user_attribute = "sAMAccountName"  # the 工号 the roster uses
c.LDAPAuthenticator.lookup_dn_search_user = "cn=jupyterhub,ou=service,dc=bank,dc=example"
c.LDAPAuthenticator.lookup_dn_search_password = (
    Path("/etc/casebook/ldap-password").read_text().strip()
)
# allowed_users (the roster) and admin_users ({"trainer"}) stay as jupyterhub_config.py sets
# them; add the trainers' own accounts as admins:
c.Authenticator.admin_users = {"trainer", "zhang.trainer"}

# --- Or single sign-on (OpenID Connect / OAuth 2), e.g. the bank's identity provider --------
# c.JupyterHub.authenticator_class = "oauthenticator.generic.GenericOAuthenticator"
# c.GenericOAuthenticator.client_id = "casebook-training"
# c.GenericOAuthenticator.client_secret = Path("/etc/casebook/oidc-secret").read_text().strip()
# c.GenericOAuthenticator.oauth_callback_url = "https://training.bank.example/hub/oauth_callback"
# c.GenericOAuthenticator.authorize_url = "https://sso.bank.example/oauth2/authorize"
# c.GenericOAuthenticator.token_url = "https://sso.bank.example/oauth2/token"
# c.GenericOAuthenticator.userdata_url = "https://sso.bank.example/oauth2/userinfo"
# c.GenericOAuthenticator.username_claim = "employee_id"

# --- TLS on the hub itself (or terminate TLS in the bank's reverse proxy) -------------------
# c.JupyterHub.ssl_cert = "/etc/casebook/tls/training.crt"
# c.JupyterHub.ssl_key = "/etc/casebook/tls/training.key"
