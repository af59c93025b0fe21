"""The return formats' specifications as the DfE publishes them (data files), and the modules that
read them: what a reader checks a file against and what a validation rule checks it by."""
