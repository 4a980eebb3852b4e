"""The workspace watch on its own: a folder deleted and made again at once is reported back."""

from __future__ import annotations

import shutil
import threading

from nn_tutor.ui.workspace_watch import watch_workspace


def test_a_folder_made_again_the_moment_its_loss_is_reported_is_reported_back(tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    stop, calls, back = threading.Event(), [], threading.Event()

    def gone():
        calls.append(folder.exists())
        if len(calls) == 1:
            folder.mkdir()  # made again before the watch looks at the folder again
        else:
            back.set()

    watcher = threading.Thread(target=watch_workspace, args=(folder, stop, lambda paths: None, gone), daemon=True)
    watcher.start()
    try:
        threading.Event().wait(0.3)  # the watch is up
        shutil.rmtree(folder)
        assert back.wait(10), f"the folder made again was never reported: {calls}"
    finally:
        stop.set()
        watcher.join(5)
    assert calls[0] is False and calls[1] is True  # its loss, then its return
