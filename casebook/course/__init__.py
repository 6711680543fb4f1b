"""The trainer's week: the course plan, case debriefs, exams (上岗考核) and printable handouts.

* :mod:`casebook.course.schema` — shapes of ``casebook/data/course/*.yaml``;
* :mod:`casebook.course.loader` — loading and checking against the casebook's content;
* :mod:`casebook.course.exam` — exams assigned like exercises, and their pass rule;
* :mod:`casebook.course.render` — the plan and debriefs as HTML (trainer edition, handouts);
* :mod:`casebook.course.handouts` — ``casebook course handouts``: print-friendly A4 sheets.
"""
