"""The one way to run learner code: a limited child process, values in and out (never a
pickle), ended with the tutor. `wire` is the format every channel between processes uses."""
