"""Signing in: local accounts with argon2-hashed passwords, and accounts of an identity
provider (OIDC through Streamlit's `st.login`) mapped to OTE users."""
