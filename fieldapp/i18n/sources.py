"""English source strings for the domain's label keys, marked with ``N_()`` for extraction.

The domain refers to labels by stable keys held in data (``signal.A.short_absence``, a rule's
``reason_key``) or by enum values; gettext cannot see those. This table maps each key to its
English source string, which is the catalogs' msgid. Every key in the domain's default data has
an entry here (the tests check this against the domain, so a new key fails CI until added).
"""

from __future__ import annotations

from fieldapp.domain.client import TargetGroup
from fieldapp.domain.referral import Status
from fieldapp.domain.signals import SignalSource, Stage
from fieldapp.domain.targets import Target, Urgency
from fieldapp.domain.visit import ParticipantRole, VisitType
from fieldapp.domain.wellbeing import Band
from fieldapp.i18n.translator import N_

SIGNALS: dict[str, str] = {
    "signal.A.short_absence": N_("More frequent short absence"),
    "signal.A.stress": N_("Signs of stress"),
    "signal.A.concentration": N_("Loss of concentration or more mistakes"),
    "signal.A.productivity": N_("Lower productivity"),
    "signal.A.lateness_motivation": N_("Late more often or less motivated"),
    "signal.A.appearance": N_("Looks less well cared for"),
    "signal.A.avoids_paid_social": N_("Avoids social activities that cost money"),
    "signal.A.private_calls": N_("Many private phone calls during work"),
    "signal.B.salary_advance": N_("Asks for an advance on salary"),
    "signal.B.holiday_pay_advance": N_("Asks for an advance on holiday pay"),
    "signal.B.employer_loan": N_("Asks the employer for a loan"),
    "signal.B.borrows_colleagues": N_("Borrows money from colleagues"),
    "signal.B.extra_hours": N_("Asks for extra hours"),
    "signal.B.leave_paid_out": N_("Asks to have leave days paid out"),
    "signal.B.asks_pay_date": N_("Asks when the salary will be paid"),
    "signal.C.wage_garnishment": N_("Wage garnishment"),
    "signal.C.bailiff_inquiry": N_("Bailiff asks the employer for information"),
    "signal.C.cak_withholding": N_("Health insurance premium withheld from wages (CAK)"),
    "signal.C.bank_garnishment": N_("Garnishment on the bank account"),
    "signal.D.rent": N_("Rent arrears"),
    "signal.D.mortgage": N_("Mortgage arrears"),
    "signal.D.energy": N_("Energy bill arrears"),
    "signal.D.water": N_("Water bill arrears"),
    "signal.D.health_insurance": N_("Health insurance arrears"),
    "signal.D.municipal_taxes": N_("Municipal tax arrears"),
    "signal.D.duo": N_("Student finance arrears (DUO)"),
    "signal.D.tax_office": N_("Tax office arrears"),
    "signal.D.benefit_clawback": N_("Allowances to pay back (toeslagen)"),
    "signal.D.cak": N_("CAK arrears"),
    "signal.D.telecom": N_("Phone or internet arrears"),
    "signal.D.credit_bnpl": N_("Credit or buy-now-pay-later debt"),
    "signal.D.other": N_("Other arrears"),
    "signal.E.eviction": N_("Eviction announced"),
    "signal.E.energy_cutoff": N_("Cut-off of gas, electricity or heating announced"),
    "signal.E.water_cutoff": N_("Water cut-off announced"),
    "signal.E.insurance_terminated": N_("Health insurance terminated"),
    "signal.E.forced_sale": N_("Sale of belongings or home announced"),
    "signal.E.bankruptcy_petition": N_("Bankruptcy petition filed"),
    "signal.F.separation": N_("Separation"),
    "signal.F.moving_alone": N_("Moved or started living alone"),
    "signal.F.child_born": N_("A child was born"),
    "signal.F.partner_died": N_("Partner died"),
    "signal.F.income_drop": N_("Income dropped"),
    "signal.F.started_work_after_benefit": N_("Started work after a benefit"),
    "signal.F.pension_redundancy_incapacity": N_("Retirement, redundancy or unfit for work"),
    "signal.G.worries_money": N_("Says they worry about money"),
    "signal.G.asks_help": N_("Asks for help"),
    "signal.G.unopened_post": N_("Unopened post or chaos in the paperwork"),
}

WHO5: dict[str, str] = {
    # TRANSLATORS: WHO-5 lead-in; use WHO's registered translation where one exists.
    "who5.intro": N_("Over the last two weeks"),
    "who5.item.cheerful": N_("I have felt cheerful and in good spirits"),
    "who5.item.calm": N_("I have felt calm and relaxed"),
    "who5.item.active": N_("I have felt active and vigorous"),
    "who5.item.rested": N_("I woke up feeling fresh and rested"),
    "who5.item.interested": N_("My daily life has been filled with things that interest me"),
    "who5.answer.5": N_("All of the time"),
    "who5.answer.4": N_("Most of the time"),
    "who5.answer.3": N_("More than half of the time"),
    "who5.answer.2": N_("Less than half of the time"),
    "who5.answer.1": N_("Some of the time"),
    "who5.answer.0": N_("At no time"),
    "who5.not_answered": N_("Not answered"),
}

RULES: dict[str, str] = {
    "rule.crisis_signal": N_("A crisis signal, such as an eviction or a cut-off"),
    "rule.formal_or_fixed_arrears": N_(
        "A formal signal, or arrears in fixed costs (rent, energy, water, health insurance)"
    ),
    "rule.early_signals_or_worries": N_(
        "Several early signals in a short time, or the client worries about money"
    ),
    "rule.low_income_or_new_starter": N_("Low income, or recently started work after a benefit"),
    "rule.wellbeing_poor_or_drop": N_("Low wellbeing score (WHO-5), or a clear drop"),
    "rule.wellbeing_very_low": N_("Very low wellbeing score (WHO-5)"),
    "advice.same_day_phone_handover": N_(
        "Call the help provider today, together with the client (warm hand-over)"
    ),
    "advice.money_conversation": N_("Talk with the client about money"),
    "advice.self_help": N_("Point the client to self-help, such as Geldfit"),
    "advice.gp_or_company_doctor": N_("Advise the client to see the GP or the company doctor"),
    "advice.gp_strong": N_("Strongly advise the client to see the GP soon"),
    "advice.crisis_line_info": N_("Give the client the phone number of a crisis line"),
}

STAGES: dict[Stage, str] = {
    Stage.WORK_BEHAVIOUR: N_("Behaviour at work"),
    Stage.PAYROLL_REQUEST: N_("Requests to payroll or HR"),
    Stage.FORMAL: N_("Formal signals"),
    Stage.ARREARS: N_("Payment arrears"),
    Stage.CRISIS: N_("Crisis"),
    Stage.LIFE_EVENT: N_("Life events"),
    Stage.OWN_WORDS: N_("What the client says"),
}

TARGETS: dict[Target, str] = {
    Target.BUURTTEAM: N_("Neighbourhood team (buurtteam)"),
    Target.SCHULDHULP: N_("Municipal debt help (schuldhulp)"),
    Target.SOCIAAL_RAADSLIEDEN: N_("Social counsellors (sociaal raadslieden)"),
    Target.REGULATIONS_CHECK: N_("Check of benefits and schemes (Pak je kans)"),
    Target.SELF_HELP: N_("Self-help (Geldfit)"),
    Target.VOLUNTEERS: N_("Volunteers (SchuldHulpMaatje, Humanitas)"),
    Target.MONEY_CONVERSATION: N_("Conversation about money"),
    Target.GP: N_("GP"),
    Target.COMPANY_DOCTOR: N_("Company doctor"),
    Target.CRISIS_LINE: N_("Crisis line"),
}

URGENCIES: dict[Urgency, str] = {
    Urgency.CRISIS: N_("Urgent (crisis)"),
    Urgency.REGULAR: N_("Regular"),
}

STATUSES: dict[Status, str] = {
    Status.DRAFT: N_("Draft"),
    Status.AWAITING_CONSENT: N_("Awaiting consent"),
    Status.QUEUED: N_("Waiting to be sent"),
    Status.SENT: N_("Sent"),
    Status.DELIVERED: N_("Delivered"),
    Status.ACKNOWLEDGED: N_("Receipt confirmed"),
    Status.CONTACT_ATTEMPTED: N_("Contact attempted"),
    Status.IN_CONTACT: N_("In contact"),
    Status.ACCEPTED: N_("Accepted for help"),
    Status.DECLINED_BY_CLIENT: N_("Client declined help"),
    Status.KNOWN_ELSEWHERE: N_("Already known elsewhere"),
    Status.NO_CONTACT_POSSIBLE: N_("No contact possible"),
    Status.RESOLVED_WITH_ADVICE: N_("Resolved with advice"),
    Status.REFERRED_ON: N_("Referred on"),
    Status.WITHDRAWN: N_("Withdrawn"),
    Status.UNDELIVERABLE: N_("Could not be delivered"),
    Status.EXPIRED: N_("No reply in time"),
}

TARGET_GROUPS: dict[TargetGroup, str] = {
    TargetGroup.BIJSTAND: N_("Social assistance (bijstand)"),
    TargetGroup.BESCHUT_WERK: N_("Sheltered work (beschut werk)"),
    TargetGroup.BANENAFSPRAAK: N_("Jobs agreement (banenafspraak)"),
    TargetGroup.WSW: N_("Sheltered employment act (Wsw)"),
    TargetGroup.WAJONG: N_("Wajong"),
    TargetGroup.WERKENDE_MINIMA: N_("Working on a minimum income"),
    TargetGroup.PRAKTIJKROUTE: N_("Praktijkroute towards the doelgroepregister"),
    TargetGroup.INTERNSHIP_PUPIL: N_("Internship pupil (praktijkonderwijs or VSO)"),
    TargetGroup.DAY_ACTIVITIES_WMO: N_("Work-like day activities (Wmo)"),
    TargetGroup.OTHER: N_("Other"),
}

VISIT_TYPES: dict[VisitType, str] = {
    VisitType.INTAKE: N_("Intake"),
    VisitType.WORKPLACE_VISIT: N_("Workplace visit"),
    VisitType.PROGRESS_TALK: N_("Progress talk"),
    VisitType.THREE_WAY_TALK: N_("Three-way talk with the employer"),
    VisitType.EVALUATION: N_("Evaluation"),
    VisitType.PHONE_VIDEO: N_("Phone or video call"),
    VisitType.HOME_VISIT: N_("Home visit"),
    VisitType.AFTERCARE: N_("Aftercare"),
    VisitType.CLOSING: N_("Closing talk"),
    VisitType.OUTREACH_EVENT: N_("Outreach contact at an event"),
}

PARTICIPANTS: dict[ParticipantRole, str] = {
    ParticipantRole.CLIENT: N_("The client"),
    ParticipantRole.EMPLOYER: N_("Employer or supervisor"),
    ParticipantRole.COLLEAGUE: N_("Colleague"),
    ParticipantRole.FAMILY: N_("Family member"),
    ParticipantRole.INTERPRETER: N_("Interpreter"),
    ParticipantRole.OTHER_PROFESSIONAL: N_("Another professional"),
}

SIGNAL_SOURCES: dict[SignalSource, str] = {
    SignalSource.OBSERVED_BY_JOBCOACH: N_("I noticed it myself"),
    SignalSource.REPORTED_BY_CLIENT: N_("The client told me"),
    SignalSource.REPORTED_BY_EMPLOYER: N_("The employer told me"),
}

WHO5_BANDS: dict[Band, str] = {
    Band.ADEQUATE: N_("adequate wellbeing"),
    Band.POOR: N_("poor wellbeing: advise the GP or company doctor"),
    Band.LIKELY_DEPRESSION: N_("very low: advise the GP strongly and give the crisis line"),
}
"""What a WHO-5 band means for the jobcoach's advice (never a diagnosis)."""
