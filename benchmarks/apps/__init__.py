"""What the browser benchmarks run inside the hosts: the Streamlit app and the notebooks' code.

They take their parameters from environment variables (Streamlit) or from `bench.json` next to
the notebook (JupyterLab), never from code written at run time.
"""
