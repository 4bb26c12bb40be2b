"""Words for ratings of the support: who rates, the questions and their answers (English
sources; the catalogs translate them), and the lines the logbook shows of them."""

from __future__ import annotations

from collections.abc import Mapping

from fieldapp.domain.rating import HIGHEST, Answer, Question, Rater, SupportRating
from fieldapp.i18n.formatting import format_date
from fieldapp.i18n.translator import N_, Translator

RATERS: Mapping[Rater, str] = {
    Rater.WORKER: N_("Worker"),
    Rater.EMPLOYER: N_("Employer"),
}
QUESTIONS: Mapping[Question, str] = {
    Question.AGREEMENTS_CLEAR: N_("The agreements with the jobcoach were clear."),
    Question.REACHABLE: N_("The jobcoach could be reached when needed."),
    Question.HELPED_AT_WORK: N_("The support helped at work."),
}
ANSWERS: Mapping[Answer, str] = {
    Answer.YES: N_("Yes"),
    Answer.PARTLY: N_("Partly"),
    Answer.NO: N_("No"),
}
SCORE = N_("%(score)d of %(highest)d")
NOT_RATED = N_("%(rater)s: no rating in this period yet.")


def rating_lines(ratings: Mapping[Rater, SupportRating], t: Translator) -> list[str]:
    """Per rater: the score and day, then each answer ("8 of 10, 15 May 2026")."""
    _ = t.gettext
    lines = []
    for rater in Rater:
        rating = ratings.get(rater)
        who = _(RATERS[rater])
        if rating is None:
            lines.append(_(NOT_RATED) % {"rater": who})
            continue
        score = _(SCORE) % {"score": rating.score, "highest": HIGHEST}
        lines.append(f"{who}: {score}, {format_date(rating.rated_on, translator=t)}")
        lines += [
            f"{_(QUESTIONS[question])} {_(ANSWERS[answer])}"
            for question, answer in rating.answers.items()
        ]
    return lines
