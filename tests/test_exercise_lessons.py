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
