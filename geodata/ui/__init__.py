"""The only part of geodata allowed to import streamlit."""
