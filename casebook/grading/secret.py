"""The trainer's secret (``secret.key`` in the assignment folder) and what is derived from it.

``casebook assign`` makes 32 random bytes (:func:`secrets.token_bytes`) once per assignment
folder and keeps them, owner-readable only, next to ``manifest.json``. Everything a trainee
must not be able to work out comes from it with HMAC-SHA256:

* each trainee's **token** (``HMAC(secret, "token|assignment|trainee")``), printed in their
  handout and written into every submission by the 提交 button; the grader refuses a
  submission whose token does not belong to its trainee id;
* each **variant seed** (``HMAC(secret, "variant|seed|trainee|exercise")``), so the public
  ``--seed``, the assignment id and the package's code do not give anyone another trainee's
  case data or answer key;
* the manifest's ``key_id``, a fingerprint that tells the grader it has the right key file.

The same secret and seed always give the same assignment (the trainer can rebuild one with
``casebook assign --secret``); without the secret nothing can be rebuilt or graded.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from casebook.io import InputFileError

SECRET_FILE = "secret.key"
SECRET_BYTES = 32
#: Length of a token in hexadecimal digits (128 bits).
TOKEN_HEX = 32
TOKEN_PATTERN = rf"^[0-9a-f]{{{TOKEN_HEX}}}$"


def new_secret() -> bytes:
    """A fresh random secret for a new assignment."""
    return secrets.token_bytes(SECRET_BYTES)


def encode_secret(secret: bytes) -> str:
    """The text of ``secret.key``: the secret in hexadecimal, one line."""
    return secret.hex() + "\n"


def parse_secret(text: str, where: str) -> bytes:
    """The secret from the text of a key file (InputFileError naming ``where``)."""
    value = text.strip().lstrip("\ufeff").strip()
    try:
        secret = bytes.fromhex(value)
    except ValueError:
        secret = b""
    if len(secret) != SECRET_BYTES:
        raise InputFileError(
            f"{where}: 不是有效的作业密钥文件（应为一行 {2 * SECRET_BYTES} 位十六进制数字，"
            "由 casebook assign 生成）"
        )
    return secret


def read_secret(path: str | Path) -> bytes:
    """Read a ``secret.key`` file (InputFileError when it is missing or not a key)."""
    path = Path(path)
    try:
        if path.stat().st_size > 1024:
            raise InputFileError(f"{path}: 不是有效的作业密钥文件（文件过大）")
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise InputFileError(
            f"{path}: 找不到作业密钥文件 {SECRET_FILE}。它由 casebook assign 生成，用来核对学员提交中的"
            "身份令牌；请从备份中恢复到作业文件夹（删掉它的作业无法评分）"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{path}: 无法读取作业密钥文件：{exc}") from None
    return parse_secret(text, str(path))


def _mac(secret: bytes, *parts: object) -> bytes:
    # Ids are safe ids (letters, digits, '-', '_'), so '|' cannot be forged inside a part.
    message = "|".join(str(p) for p in parts).encode("utf-8")
    return hmac.new(secret, message, hashlib.sha256).digest()


def trainee_token(secret: bytes, assignment_id: str, trainee_id: str) -> str:
    """The identity token of one trainee in one assignment (32 hexadecimal digits)."""
    return _mac(secret, "casebook-token", assignment_id, trainee_id).hex()[:TOKEN_HEX]


def token_matches(secret: bytes, assignment_id: str, trainee_id: str, token: str) -> bool:
    """Whether ``token`` is this trainee's token (compared in constant time)."""
    expected = trainee_token(secret, assignment_id, trainee_id)
    return hmac.compare_digest(expected.encode("ascii"), token.encode("utf-8"))


def variant_seed(secret: bytes, seed: int, trainee_id: str, exercise_id: str) -> int:
    """The seed of one trainee's variant of one exercise (secret + assignment seed)."""
    digest = _mac(secret, "casebook-variant", seed, trainee_id, exercise_id)
    return int.from_bytes(digest[:8], "big") % 2_000_000_000


def key_id(secret: bytes) -> str:
    """A fingerprint of the secret, stored in the manifest (reveals nothing of the key)."""
    return _mac(secret, "casebook-key-id").hex()[:16]
