"""The Streamlit side of OTE: the frame around pages and the record-page building blocks."""
