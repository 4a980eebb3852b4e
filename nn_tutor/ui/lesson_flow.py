"""Moving between lessons, for TutorApp: the next lesson's screen is built while this one is
read, so that `n` only shows it; the screen left stays until the new one has drawn its
network, then goes; where the learner was in a lesson is kept in their progress."""

from __future__ import annotations

AFTER_SHOWN_SECONDS = 0.25  # after a lesson shows its network: the lessons are read, the one left goes
# after it shows, the next lesson is built: the first keys on a lesson come first (a build
# costs about 0.2 s of CPU), and a learner reads longer than that before pressing n
AHEAD_SECONDS = 1.0
SAVE_SECONDS = 1.0  # after a lesson shows, the progress file is written (quitting writes it too)


class LessonFlow:
    """TutorApp's lessons: `goto_lesson` and what it needs (a mixin: its state is the app's)."""

    def _lesson_screen(self, index: int, ahead: bool = False):
        early, self._early = self._early, None
        generation = early[1] if early is not None and early[0] == index and not ahead else None
        return self._new_lesson_screen(self.lessons[index], index, len(self.lessons), generation, ahead)

    def _new_lesson_screen(self, lesson, index: int, count: int, generation: int | None = None, ahead: bool = False):
        from nn_tutor.ui.lesson_screen import LessonScreen

        return LessonScreen(
            lesson,
            index,
            count,
            place=self.progress.places.get(lesson.id),
            speed=self.speed,
            generation=generation,
            built_ahead=ahead,
        )

    def _renumber(self, lesson_id: str) -> None:
        """The whole folder has loaded: the lesson shown first learns its place among them."""
        from nn_tutor.ui.lesson_screen import LessonScreen

        self.index = [lesson.id for lesson in self.lessons].index(lesson_id)
        for screen in self.screen_stack:
            if isinstance(screen, LessonScreen) and screen.lesson.id == lesson_id:
                screen.renumber(self.index, len(self.lessons))

    @property
    def speed(self) -> int | None:
        """The running speed the learner chose last (kept across lessons and runs)."""
        from nn_tutor.session import DEFAULT_SPEED, SPEEDS

        saved = self.progress.speed
        if saved == "max":
            return None
        return saved if saved in SPEEDS and saved is not None else DEFAULT_SPEED

    def _keep_place(self) -> None:
        """Remember where the learner is in the lesson showing, and the speed; a lesson whose
        network was run is done, however the learner leaves it (n, t, q)."""
        from nn_tutor.ui.lesson_screen import LessonScreen

        for screen in self.screen_stack:
            if isinstance(screen, LessonScreen) and screen.is_mounted:
                self.progress.places[screen.lesson.id] = screen.where()
                self.progress.speed = "max" if screen.speed is None else screen.speed
                if screen.tried:
                    self.progress.complete(screen.lesson.id)

    def _after_shown(self) -> None:
        """The lesson has drawn its network: remove the lessons left, then, a moment later, build
        the next one."""
        self._after_due = False
        if not self.is_running or not self.screen_stack:  # the app is closing
            return
        self._open()
        self._drop_leaving()
        # not while training runs (this comes four times a second then): its pause comes here again
        if not getattr(self.screen, "running", False):
            self.set_timer(AHEAD_SECONDS - AFTER_SHOWN_SECONDS, self._build_ahead)

    def _drop_leaving(self) -> None:
        leaving, self._leaving = self._leaving, []
        for screen in leaving:
            self.uninstall_screen(screen)
            screen.remove()

    def _build_ahead(self) -> None:
        """Build the next lesson's screen while this one is read, so `n` only shows it."""
        if (
            not self.is_running  # the app closing, since the timer was set
            or not self.screen_stack
            or self.ahead_screen is not None
            or self.current_mode != "lesson"
            or not 0 <= self.index + 1 < len(self.lessons)
        ):
            return
        if getattr(self.screen, "running", False):  # not while training draws: once it pauses
            return
        self.ahead_screen = self._lesson_screen(self.index + 1, ahead=True)
        # Textual 8.2.8 has no public call that mounts a screen before it is shown; this is
        # what push_screen and switch_screen do first with a screen that is not running
        self._register(self, self.ahead_screen)

    def _take_ahead(self, index: int):
        """The screen built ahead if it is lesson `index`'s; kept if it still comes next, else dropped."""
        ahead = self.ahead_screen
        if ahead is None or ahead.index == index + 1:
            return None
        self.ahead_screen = None
        if ahead.index == index:
            return ahead
        ahead.remove()
        return None

    def goto_lesson(self, index: int, completed: str | None = None) -> None:
        """Open lesson `index` (if it exists); `completed` names the lesson just finished."""
        if not 0 <= index < len(self.read_lessons()):
            return
        if completed:
            self.progress.complete(completed)
        self.quiz_options = None  # a lesson opened: the tutor no longer ends with the quiz
        self._keep_place()
        self.index = index
        if self.current_mode == "quiz":
            self._end_quiz_mode()
        self.switch_mode("lesson")
        while len(self.screen_stack) > 2:  # help or the lessons list left open
            self.pop_screen()
        screen = self._take_ahead(index)
        if screen is not None:  # built ahead: the place and speed may have moved since
            screen.place = self.progress.places.get(screen.lesson.id) or {}
            screen.set_reactive(type(screen).speed, self.speed)
        else:
            screen = self._lesson_screen(index)
        self._show_lesson(index, screen)

    def _show_lesson(self, index: int, screen) -> None:
        if self.current_mode != "lesson":
            self.switch_mode("lesson")
        if len(self.screen_stack) == 2:
            # the lesson left stays (installed) until the new one has drawn: removing its
            # hundred widgets would otherwise come before that
            self._drop_leaving()  # any left before that never drew
            left = self.screen_stack[-1]
            if isinstance(left, type(screen)) and not self.is_screen_installed(left):
                self.install_screen(left, f"leaving-{id(left)}")
                self._leaving.append(left)
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        self.progress.reach(screen.lesson.id)
        # a write waits for the disk: not in the way of the lesson's first frames (an app
        # ended sooner writes it as it ends: on_unmount)
        self._save_due = True
        self.set_timer(SAVE_SECONDS, self._save)
