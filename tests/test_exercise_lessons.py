"""Each lesson an exercise belongs to says so, and names the command that opens it."""

from nn_tutor.exercises.catalogue import EXERCISES
from nn_tutor.lessons import load_lessons


def test_every_exercise_is_named_in_the_lesson_it_belongs_to():
    lessons = {lesson.id: lesson for lesson in load_lessons()[0]}
    for exercise in EXERCISES:
        name, lesson_id = exercise.name, exercise.lesson
        body = lessons[lesson_id].body
        assert "## Write it yourself" in body, lesson_id
        assert f"`{name}`" in body.split("## Write it yourself")[1].split("## Try it")[0], (name, lesson_id)
        assert "nn-tutor exercises" in body


async def test_lesson_18s_formulas_fit_the_lesson_pane_at_120_columns(tutor):
    """Each code line of the lesson that writes the network out stays on one line (no "(1,⏎ m)")."""
    from rich.cells import cell_len

    app = tutor.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await tutor.lesson_screen(pilot)
        app.goto_lesson([lesson.id for lesson in app.read_lessons()].index("two-layer-gradient-descent"))
        screen = await tutor.lesson_screen(pilot, "two-layer-gradient-descent")
        text = screen.query_one("#lesson-text")
        codes = [node.content for node in text.document.walk() if node.type in ("code_block", "fence")]
        assert len(codes) >= 4
        room = text.content_size.width - 2  # a code block's box: a column of margin each side
        for code in codes:
            widest = max(cell_len(line) for line in code.splitlines())
            assert widest <= room, (code, room)
