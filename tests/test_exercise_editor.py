"""The exercises screen's keys and the editor inside the tutor, driven with the pilot."""

from conftest import host_app, until
from textual.widgets import DataTable, Static, TextArea
from textual.widgets.text_area import LanguageDoesNotExist, Selection

from nn_tutor.exercises import NAMES, init_workspace
from nn_tutor.ui import editor_screen
from nn_tutor.ui.editor_screen import EditorScreen, code_area
from nn_tutor.ui.exercise_dialogs import ConfirmScreen, SolutionScreen, editor_command
from nn_tutor.ui.exercises_screen import ExercisesScreen
from nn_tutor.ui.screens import HelpScreen

FIX = "return 1 / (1 + np.exp(-z))"


def exercises_app(workspace):
    """An app with only the exercises screen on `workspace`; its notices kept in `app.notices`."""
    return host_app(screen=lambda: ExercisesScreen(workspace))


def text_of(app, selector):
    return str(app.screen.query_one(selector, Static).render())


def select_sigmoids_stub(area) -> int:
    """Select sigmoid's `raise NotImplementedError(...)`, after its indentation: its row."""
    row = area.text.splitlines().index('    raise NotImplementedError("sigmoid")')
    area.selection = Selection((row, 4), (row, len(area.document.get_line(row))))
    return row


def exercises(app) -> ExercisesScreen:
    return next(s for s in app.screen_stack if isinstance(s, ExercisesScreen))


async def test_type_a_fix_in_the_editor_save_and_see_it_pass(tmp_path):
    init_workspace(tmp_path)
    app = exercises_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(
            pilot, lambda: f"0 of {len(NAMES)} passed" in text_of(app, "#exercises-title"), what="the first check"
        )
        await pilot.press("enter")
        assert isinstance(app.screen, EditorScreen)
        area = app.screen.query_one(TextArea)
        assert area.cursor_location[0] == area.text.splitlines().index("def sigmoid(z):")
        row = select_sigmoids_stub(area)
        await pilot.press(*FIX)
        assert area.document.get_line(row) == "    " + FIX
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "✓ sigmoid: right" in text_of(app, "#editor-verdict"), what="sigmoid to pass")
        assert FIX in (tmp_path / "network.py").read_text(encoding="utf-8")
        await pilot.press("escape")
        assert isinstance(app.screen, ExercisesScreen)
        await until(pilot, lambda: f"1 of {len(NAMES)} passed" in text_of(app, "#exercises-title"), what="the count")


async def test_leaving_with_unsaved_changes_asks_once(tmp_path):
    init_workspace(tmp_path)
    app = exercises_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        area = app.screen.query_one(TextArea)
        area.insert("# mine\n", (0, 0))
        await pilot.press("escape")
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ExercisesScreen)
        assert "# mine" not in (tmp_path / "network.py").read_text(encoding="utf-8")


async def test_hints_help_solution_and_reset(tmp_path):
    init_workspace(tmp_path)
    solved = (
        (tmp_path / "network.py")
        .read_text(encoding="utf-8")
        .replace('    raise NotImplementedError("sigmoid")', "    " + FIX)
    )
    (tmp_path / "network.py").write_text(solved, encoding="utf-8")
    app = exercises_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(
            pilot, lambda: f"1 of {len(NAMES)} passed" in text_of(app, "#exercises-title"), what="the first check"
        )
        await pilot.press("up")  # the selection went to the first to do; back to sigmoid
        hint = text_of(app, "#exercise-hint")
        assert "Hint 1 of 3" in hint and "Hint 2 of 3" not in hint and "h: the next hint" in hint
        await pilot.press("h", "h", "h")
        hint = text_of(app, "#exercise-hint")
        assert "Hint 3 of 3" in hint and "h: the next hint" not in hint
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        title, bindings = app.screen.sections[0]
        assert title == "Exercises" and {"hint", "solution", "reset", "edit"} <= {b.action for b in bindings}
        assert [t for t, _ in app.screen.sections] == ["Exercises", "Everywhere"]  # t, l, q… too
        assert "(enter or o)" in next(b.tooltip for b in bindings if b.action == "edit")
        await pilot.press("escape", "s")
        assert isinstance(app.screen, SolutionScreen)
        await pilot.press("escape", "down", "s")
        assert isinstance(app.screen, ExercisesScreen)  # compute_cost does not pass: no solution
        await pilot.press("up", "x")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert (tmp_path / "network.py").read_text(encoding="utf-8") == solved
        await pilot.press("x", "y")
        await until(
            pilot, lambda: f"0 of {len(NAMES)} passed" in text_of(app, "#exercises-title"), what="the check after reset"
        )
        assert (tmp_path / "network.py.sigmoid.bak").read_text(encoding="utf-8") == solved
        assert '    raise NotImplementedError("sigmoid")' in (tmp_path / "network.py").read_text(encoding="utf-8")


async def test_statuses_are_coloured_and_say_it_in_words_too(tmp_path):
    init_workspace(tmp_path)
    text = (tmp_path / "network.py").read_text(encoding="utf-8")
    text = text.replace('    raise NotImplementedError("sigmoid")', "    return 1 / (1 + np.exp(z))")
    text = text.replace('    raise NotImplementedError("propagate")', "    return {}, 0.0")
    (tmp_path / "network.py").write_text(text, encoding="utf-8")
    app = exercises_app(tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(
            pilot, lambda: f"0 of {len(NAMES)} passed" in text_of(app, "#exercises-title"), what="the first check"
        )
        table = app.screen.query_one(DataTable)
        cell = table.get_cell("sigmoid", "status")
        assert cell.plain == "✗ failed" and cell.style
        message = str(table.get_cell("sigmoid", "message"))
        assert message.startswith("sigmoid(z) gives σ(−z)")  # the name kept
        assert "sigmoid(z) gives σ(−z) instead of σ(z): look at the sign in the exponent" in text_of(
            app, "#exercise-message"
        )
        assert str(table.get_cell("propagate", "status")) == "◌ waits"


def test_the_editor_colours_python_with_the_syntax_extra_and_is_plain_text_without(monkeypatch):
    assert code_area("x = 1\n").language == "python"
    original = TextArea.code_editor.__func__

    def without_python(cls, text="", *, language=None, **kwargs):
        if language is not None:
            raise LanguageDoesNotExist(language)
        return original(cls, text, language=language, **kwargs)

    monkeypatch.setattr(editor_screen.TextArea, "code_editor", classmethod(without_python))
    area = code_area("x = 1\n")
    assert area.language is None and area.text == "x = 1\n"


def test_editor_commands_open_the_file_at_the_line(tmp_path):
    path = tmp_path / "network.py"
    assert editor_command("vim", path, 12) == ["vim", "+12", str(path)]
    assert editor_command("/usr/bin/nano -w", path, 3) == ["/usr/bin/nano", "-w", "+3", str(path)]
    assert editor_command("code", path, 5) == ["code", "--wait", "-g", f"{path}:5"]
    assert editor_command("ed", path, 5) == ["ed", str(path)]


async def test_E_without_EDITOR_says_how_and_changes_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    init_workspace(tmp_path)
    app = exercises_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("E")
        await until(pilot, lambda: any("EDITOR" in n for n in app.notices), what="the notice")
        assert isinstance(app.screen, ExercisesScreen)


async def test_E_in_the_browser_points_to_the_editor_here(tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", "vim")
    init_workspace(tmp_path)
    app = exercises_app(tmp_path)
    monkeypatch.setattr(type(app), "is_web", property(lambda self: True))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("E")
        await until(pilot, lambda: any("editor is here" in n for n in app.notices), what="the notice")
        assert isinstance(app.screen, ExercisesScreen)


async def test_the_editors_colours_follow_the_theme(tmp_path):
    init_workspace(tmp_path)
    app = exercises_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        area = app.screen.query_one(TextArea)
        assert area.theme == "vscode_dark"
        app.theme = "textual-light"
        await pilot.pause()
        assert area.theme == "nn-tutor-light"


async def test_enter_keeps_the_indentation_and_indents_after_a_colon(tmp_path):
    init_workspace(tmp_path)
    app = exercises_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        area = app.screen.query_one(TextArea)
        row = select_sigmoids_stub(area)
        await pilot.press(*"for i in []:", "enter", *"pass", "enter", *"x = 1")
        assert area.document.get_line(row) == "    for i in []:"
        assert area.document.get_line(row + 1) == "        pass"
        assert area.document.get_line(row + 2) == "        x = 1"


async def test_backspace_in_the_indentation_goes_back_one_level(tmp_path):
    init_workspace(tmp_path)
    app = exercises_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        area = app.screen.query_one(TextArea)
        row = select_sigmoids_stub(area)
        await pilot.press(*"if z:", "enter", "backspace", *"x = 1", "enter")
        assert area.document.get_line(row + 1) == "    x = 1"
        await pilot.press(*"  y", "backspace", "backspace")  # six spaces left: back to four
        assert area.document.get_line(row + 2) == "    "
        await pilot.press("backspace")
        assert area.document.get_line(row + 2) == ""
        await pilot.press("backspace")  # from column 0 it joins the lines, as ever
        assert area.document.get_line(row + 1) == "    x = 1"
        assert area.cursor_location == (row + 1, 9)


async def test_the_side_goes_under_the_code_on_a_narrow_terminal(tmp_path):
    init_workspace(tmp_path)
    app = exercises_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        code, side = app.screen.query_one("#editor-code"), app.screen.query_one("#editor-side")
        assert code.region.width >= 76 and side.region.y >= code.region.bottom
        await pilot.resize_terminal(120, 40)
        await until(pilot, lambda: side.region.x >= code.region.right, what="the side beside the code")
        assert code.region.width >= 60


async def test_keys_typed_just_before_ctrl_s_are_saved(tmp_path):
    """Keys arrive in bursts over SSH and tmux: ctrl+s right behind a typed key saves that key."""
    from textual import events

    init_workspace(tmp_path)
    app = exercises_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, EditorScreen)
        for key, character in (("number_sign", "#"), ("x", "x"), ("ctrl+s", None)):
            app.post_message(events.Key(key, character))  # one burst, no wait between keys
        await until(
            pilot, lambda: "#x" in (tmp_path / "network.py").read_text(encoding="utf-8"), what="the typed keys saved"
        )
        assert app.screen.query_one(TextArea).text == (tmp_path / "network.py").read_text(encoding="utf-8")


async def test_a_change_made_outside_is_not_overwritten_by_the_first_ctrl_s(tmp_path):
    init_workspace(tmp_path)
    app = exercises_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        area = app.screen.query_one(TextArea)
        network = tmp_path / "network.py"
        network.write_text(network.read_text(encoding="utf-8") + "\n# from my other editor\n", encoding="utf-8")
        area.insert("# typed here\n", (0, 0))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: any("changed outside the tutor" in n for n in app.notices), what="the warning")
        assert "# from my other editor" in network.read_text(encoding="utf-8")
        await pilot.press("ctrl+s")  # asked for: overwrite
        await until(pilot, lambda: "# typed here" in network.read_text(encoding="utf-8"), what="the save")
        assert "# from my other editor" not in network.read_text(encoding="utf-8")


async def test_a_burst_with_backspaces_is_typed_in_order_and_saved_as_typed(tmp_path):
    """Over SSH or tmux keys come in bursts: a backspace must act where it was typed, before the
    letters after it, and ctrl+s must save all of them."""
    from textual import events

    init_workspace(tmp_path)
    app = exercises_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        area = app.screen.query_one(TextArea)
        row = select_sigmoids_stub(area)
        keys = [*"for i in z:", "enter", *"pass", "enter", "backspace", *"return z", "ctrl+s"]
        for key in keys:
            name = {" ": "space", ":": "colon"}.get(key, key)
            app.post_message(events.Key(name, key if len(key) == 1 else ("\r" if key == "enter" else None)))
        network = tmp_path / "network.py"
        await until(pilot, lambda: "return z" in network.read_text(encoding="utf-8"), what="the save")
        assert network.read_text(encoding="utf-8").splitlines()[row : row + 3] == [
            "    for i in z:",
            "        pass",
            "    return z",
        ]
        assert area.text == network.read_text(encoding="utf-8")
