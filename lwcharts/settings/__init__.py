"""The user's series settings: the option schema and shared facts (``schema``), the rules saved
state follows (``rules``), the store engines (``file_store``, ``session_store``) and the link a
host reads and writes them through (``link``).

Kept empty of imports: the model imports ``schema`` without loading a store engine.
"""
