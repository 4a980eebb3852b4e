"""Quiz mode: questions on the derivatives backpropagation is made of.

Pure Python (NumPy for the answers); the quiz screen in `nn_tutor.ui.quiz_screen` only
shows what a `QuizRound` says and forwards keys.
"""

from nn_tutor.quiz.check import KINDS, Verdict, check_answer
from nn_tutor.quiz.generators import TOPICS, count_questions, generate, make_quiz
from nn_tutor.quiz.question import Question

__all__ = [
    "KINDS",
    "TOPICS",
    "Question",
    "Verdict",
    "check_answer",
    "count_questions",
    "generate",
    "make_quiz",
]
