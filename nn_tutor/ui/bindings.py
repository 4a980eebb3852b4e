"""The tutor's keys: the app's (everywhere) and the lesson screen's, each with the text help
(?) and the command palette show, and the order the lesson's key bar shows them in."""

from __future__ import annotations

from textual.binding import Binding

# everywhere (TutorApp)
APP_KEYS = [
    Binding("t", "toc", "Lessons", tooltip="The table of contents: open any lesson."),
    Binding("question_mark", "help", "Help", key_display="?", tooltip="This list of keys."),
    Binding(
        "o",
        "progress",
        "Progress",
        show=False,
        tooltip="Your progress: lessons done, exercises passed, quiz recall, what next.",
    ),
    Binding("l", "toggle_theme", "Light/dark", tooltip="Switch between the light and dark theme."),
    Binding("f12", "save_screenshot", "Screenshot", tooltip="Save the screen as an SVG picture."),
    Binding("q", "quit", "Quit", tooltip="Save your place and quit."),
    Binding("ctrl+q", "quit", "Quit", show=False, tooltip="Save your place and quit."),
    Binding(
        "ctrl+p",
        "command_palette",
        "Commands",
        show=False,
        priority=True,
        tooltip="Command palette: run any action by name, or jump to a lesson.",
    ),
]

# the lesson and its model (LessonScreen)
LESSON_KEYS = [
    Binding("space", "step", "Step", tooltip="Run one whole iteration: forward, cost, backward, update."),
    Binding(
        "full_stop",
        "phase",
        "Phase",
        key_display=".",
        tooltip="Run the next phase only, with its formula highlighted (on the graph view: visit the next node).",
    ),
    Binding("r", "run", "Run", tooltip="Train continuously; press again to pause."),
    Binding("s", "speed", "Speed", tooltip="Cycle the running speed: 10, 100, 300, 1000 iterations/s, max."),
    Binding("0", "reset", "Reset", tooltip="Back to iteration 0 with the initial weights."),
    Binding(
        "plus,equals_sign",
        "learning_rate(1)",
        "α×1.5",
        key_display="+",
        tooltip="Multiply the learning rate α by 1.5.",
    ),
    Binding("minus", "learning_rate(-1)", "α÷1.5", key_display="-", tooltip="Divide the learning rate α by 1.5."),
    Binding(
        "left_square_bracket",
        "example(-1)",
        "Prev ex",
        key_display="[",
        tooltip="Show the previous example of the batch in the forward view.",
    ),
    Binding(
        "right_square_bracket",
        "example(1)",
        "Next ex",
        key_display="]",
        tooltip="Show the next example of the batch in the forward view.",
    ),
    Binding("a", "activation", "Activation", tooltip="Cycle the hidden layers' activation (restarts training)."),
    Binding("i", "init", "Init", tooltip="Cycle the weight initialisation (restarts training)."),
    Binding("d", "dataset", "Data", tooltip="Cycle the data set (restarts training)."),
    Binding("v", "next_view", "View", tooltip="Show the panel's next view tab."),
    Binding("z", "zoom('panel')", "Zoom", tooltip="Zoom the model panel to the whole screen; z again restores."),
    Binding(
        "Z,shift+z",
        "zoom('text')",
        "Zoom text",
        key_display="Z",
        tooltip="Zoom the lesson text to the whole screen; Z again restores.",
    ),
    Binding("g", "graph", "Graph", tooltip="Switch the computation graph's example."),
    Binding("n", "lesson(1)", "Next", tooltip="Go to the next lesson (this one is done if you ran its network)."),
    Binding("p", "lesson(-1)", "Prev", tooltip="Go to the previous lesson."),
    Binding("k", "quiz", "Quiz", tooltip="A quiz on this lesson's topics."),
    Binding("e", "exercises", "Exercises", tooltip="Write the network yourself: your network.py, checked as you save."),
    Binding(
        "y",
        "your_network",
        "Yours",
        tooltip="Switch the panel between the reference and your network "
        "(your forward, backward and update; two-layer lessons).",
    ),
    Binding(
        "Y,shift+y",
        "your_network(True)",
        "Yours anyway",
        key_display="Y",
        show=False,
        tooltip="Your network even though some of its checks fail (the panel says which).",
    ),
    Binding(
        "R,shift+r",
        "restart_training",
        "Restart",
        key_display="R",
        tooltip="Start the training process again after it stopped (the panel says when).",
    ),
]

# the keys the footer shows first, whatever the width (the rest: ? and ctrl+p)
LESSON_FOOTER_FIRST = (
    "restart_training",
    "step",
    "run",
    "lesson(1)",
    "lesson(-1)",
    "next_view",
    "zoom('panel')",
    "quiz",
    "help",
    "quit",
    "phase",
)
