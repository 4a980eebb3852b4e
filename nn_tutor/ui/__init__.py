"""The Textual tutor: lesson screens beside a live model panel, stepped by keyboard.

Kept import-light: ``nn_tutor.ui.app`` pulls in only what the first frame needs.
"""
