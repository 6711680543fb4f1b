"""Model documents (范文) generated from a judicial case file: HTML for the book (personal data
masked) and ``.docx`` via python-docx for real use. All parties in the shipped examples are
synthetic; the bank is the fictional 星河银行.
"""
