"""Where the person's data lives, as data: every link from a table to a person (a foreign key to
the user or to the volunteer profile) is either in the export (selectors.SECTIONS) or listed in
NOT_EXPORTED with the reason, and has an entry in ERASURE saying what erasure does to its rows.
tests/…/test_registry.py walks every installed model and fails on a link found in neither, so a
new table that points at a person cannot be forgotten.

Keys are "app_label.Model.field" (the model's label as Django spells it). The reasons are for the
people who maintain the platform and the privacy officer; the export page shows the sections.
"""

from dataclasses import dataclass, field

# --- left out of the export, with the reason -------------------------------------------------------

# The person acted for an organization (or the platform): the row records the organization's work,
# not data about the person. It shows their account's name, which erasure replaces.
ACTED_FOR = "A record of work done for an organization or the platform, not data about the person."
STAFF = "Platform staff's own work (only staff accounts have such rows)."

NOT_EXPORTED: dict[str, str] = {
    # Decisions taken for an organization: publishing before readiness, proposals, evaluation work.
    "opportunities.Opportunity.readiness_override_by": ACTED_FOR,
    "opportunities.OpportunityProposal.created_by": ACTED_FOR,
    "opportunities.OpportunityProposal.decided_by": ACTED_FOR,
    "evaluation.SurveyQuestion.created_by": ACTED_FOR,
    "evaluation.EvaluationEvidence.created_by": ACTED_FOR,
    "evaluation.CarriedLesson.decided_by": ACTED_FOR,
    "admin.LogEntry.user": STAFF,
    "national.HourRecord.resent_by": STAFF,
    "organizations.Organization.verified_by": STAFF,
    "organizations.Invitation.invited_by": ACTED_FOR,
    "organizations.Invitation.accepted_by": "What it led to is exported: the organization membership.",
    "volunteers.VolunteerProfile.identity_checked_by": STAFF,
    "volunteers.GuardianConsent.recorded_by": ACTED_FOR,
    "programs.Program.created_by": ACTED_FOR,
    "programs.ActionPlanStep.responsible_user": ACTED_FOR,
    "programs.NeedsAssessment.completed_by": ACTED_FOR,
    "programs.Need.submitted_by": ACTED_FOR,
    "programs.ReadinessAssessment.assessed_by": ACTED_FOR,
    "opportunities.Opportunity.supervisor": ACTED_FOR,
    "opportunities.Opportunity.service_model_chosen_by": ACTED_FOR,
    "opportunities.Opportunity.created_by": ACTED_FOR,
    "agreements.VolunteerAgreement.generated_by": ACTED_FOR,
    "agreements.PartnerAgreement.organization_accepted_by": ACTED_FOR,
    "agreements.PartnerAgreement.partner_accepted_by": ACTED_FOR,
    "agreements.PartnerAgreement.created_by": ACTED_FOR,
    "recruitment.RecruitmentPlan.publisher": ACTED_FOR,
    "recruitment.RecruitmentPlan.assistant": ACTED_FOR,
    "recruitment.Application.decided_by": ACTED_FOR,
    "recruitment.Interview.created_by": ACTED_FOR,
    "recruitment.VolunteerImport.created_by": ACTED_FOR,
    "engagements.Engagement.created_by": ACTED_FOR,
    "engagements.WorkItem.reviewed_by": ACTED_FOR,
    "engagements.OnboardingItem.done_by": ACTED_FOR,
    "engagements.Issue.resolved_by": ACTED_FOR,
    "engagements.CheckIn.sent_by": ACTED_FOR,
    "hours.HourEntry.submitted_by": "The volunteer's hours are exported through the volunteer link (Volunteer hours).",
    "hours.HourEntry.reviewed_by": ACTED_FOR,
    "certificates.Certificate.issued_by": ACTED_FOR,
    "certificates.Certificate.revoked_by": ACTED_FOR,
    "certificates.Thanks.created_by": ACTED_FOR,
    "certificates.Credit.created_by": ACTED_FOR,
    "evaluation.VolunteerReview.created_by": ACTED_FOR,
    "evaluation.MisconductReport.reviewed_by": STAFF,
    "evaluation.ProgramEvaluation.completed_by": ACTED_FOR,
    "evaluation.RelationshipContact.sent_by": ACTED_FOR,
    "matching.Invitation.invited_by": ACTED_FOR,
    "api.ApiKey.created_by": ACTED_FOR,
    "training.Course.created_by": ACTED_FOR,
    "training.CourseCompletion.confirmed_by": ACTED_FOR,
    "training.OpportunityCourse.added_by": ACTED_FOR,
    "providers.ProviderProgram.created_by": ACTED_FOR,
    "providers.ProviderDomain.added_by": ACTED_FOR,
    "providers.ProviderMember.invited_by": ACTED_FOR,
    "providers.ProviderMember.verified_by": ACTED_FOR,
    "providers.Participation.decided_by": ACTED_FOR,
    "providers.ProviderSuggestion.suggested_by": ACTED_FOR,
    "exports.Export.requested_by": "A file of an organization's data that a member asked for; it holds the organization's data "
    "and is deleted by the exports' own retention.",
    "teams.Team.leader": "Exported as a team membership whose role is leader (Teams).",
    "teams.Team.created_by": ACTED_FOR,
    "teams.TeamMember.invited_by": ACTED_FOR,
    "teams.TeamAssignment.applied_by": "The team's application to an opportunity, written for the team (its members see it).",
    "teams.TeamAssignment.decided_by": ACTED_FOR,
    "privacy.Erasure.user": "The record that the account was erased: there is no export after erasure.",
    "accounts.PhoneCode.user": "A one-time code to prove a mobile number, kept hashed and deleted a day after it "
    "expires (accounts.delete_old_phone_codes); the proven number is exported with the profile.",
}


# --- personal data about people who need no account ------------------------------------------------

# Names and images of people kept as text or files, not as a link to an account: who holds them,
# why, and what happens to them. tests/…/test_registry.py checks that each field exists.
UNLINKED: dict[str, str] = {
    "organizations.Organization.signatory_name": "Who signs the organization's certificates; set and cleared by "
    "the organization's admins on its edit page.",
    "organizations.Organization.signatory_title": "The signatory's title, with the name.",
    "organizations.Organization.signature": "The signatory's signature image: never public media, only drawn "
    "into certificates; replaced or cleared by the organization's admins.",
    "certificates.Certificate.signatory_name": "Frozen on each certificate at issue, as printed on it: the "
    "certificate is the organization's signed document and stays as issued.",
    "certificates.Certificate.signatory_title": "Frozen with the name.",
    "certificates.Certificate.signature": "The same stored file as the organization's signature at issue time.",
}


# --- what erasure does -----------------------------------------------------------------------------

ERASED_LINK = "https://erased.invalid/"


@dataclass(frozen=True)
class Erase:
    """What erasure does to the rows that point at the person through one link.

    `delete` removes them; `clear` sets these fields (the person's own words) on them; a rule
    with neither keeps the rows as they are, and `note` says why (or where else they are handled).
    `by_profile`: the link points at the volunteer profile, not the user."""

    note: str
    delete: bool = False
    clear: dict = field(default_factory=dict)
    by_profile: bool = False


KEPT_ANONYMISED = "Kept: it points at the anonymised account, which shows as “erased account”."
IN_SERVICES = "Handled by privacy.services.erase_account / _anonymise_profile (see there)."

ERASURE: dict[str, Erase] = {
    "accounts.PolicyAcceptance.user": Erase("Kept as proof of what was accepted when; withdrawn at erasure."),
    "account.EmailAddress.user": Erase(IN_SERVICES),
    # The link to the national single sign-on (its subject and the mapped claims: national ID, name).
    "accounts.PhoneCode.user": Erase("Deleted: the codes are of no use once the account is erased.", delete=True),
    "socialaccount.SocialAccount.user": Erase("Deleted: the national account is no longer linked.", delete=True),
    "core.Notification.user": Erase(IN_SERVICES),
    "core.OutboundMessage.user": Erase("The SMS and WhatsApp notices (they carry the number and the text) go.", delete=True),
    "core.NoticePreference.user": Erase("The person's notice settings go.", delete=True),
    "core.QuietHours.user": Erase("The person's quiet hours go.", delete=True),
    "core.AuditEvent.actor": Erase(
        "Kept for accountability (who did what); payloads naming the person's address are scrubbed in erase_account."
    ),
    "privacy.Consent.user": Erase("Kept as the consent history; withdrawn at erasure."),
    "privacy.Erasure.user": Erase("The erasure record itself."),
    "privacy.InactivityWarning.user": Erase("Kept: the proof that the warning was sent before an inactivity erasure."),
    "organizations.Membership.user": Erase(IN_SERVICES),
    "providers.ProviderMember.user": Erase(IN_SERVICES),
    "volunteers.VolunteerProfile.user": Erase(IN_SERVICES),
    "volunteers.Qualification.profile": Erase(IN_SERVICES),
    "volunteers.GuardianConsent.profile": Erase(IN_SERVICES),
    "recruitment.Application.volunteer": Erase(IN_SERVICES),
    "recruitment.ShareLink.referred_by": Erase(KEPT_ANONYMISED + " The visits stay in the organization's sources report."),
    "recruitment.ImportedVolunteer.user": Erase("The organizations' invitations and links to the person.", delete=True),
    "engagements.Engagement.volunteer": Erase(KEPT_ANONYMISED + " The engagement is the organization's record."),
    "engagements.WeeklyReport.author": Erase("The person's words go.", clear={"done": "", "next": "", "blockers": ""}),
    "engagements.Submission.submitted_by": Erase(
        "The note, the reason for an early deliverable, the file name and the link go (a file handed in stays: the work "
        "belongs to the organization).",
        clear={"note": "", "early_reason": "", "file_name": "", "link": ERASED_LINK},
    ),
    "engagements.Comment.author": Erase("The person's words go.", clear={"body": ""}),
    "engagements.Issue.raised_by": Erase("What the person wrote goes; the resolution is the organization's.", clear={"what": ""}),
    "engagements.Amendment.by": Erase("The reason the person gave goes; the dates and hours stay.", clear={"reason": ""}),
    "hours.HourEntry.volunteer": Erase(
        "The person's note goes; the approved hours stay in the totals.", clear={"note": ""}, by_profile=True
    ),
    "ideas.Idea.proposer": Erase("The idea's words go.", clear={"title": "—", "description": ""}),
    "ideas.IdeaSupport.user": Erase(KEPT_ANONYMISED + " Only the count of support stays."),
    "certificates.Certificate.volunteer": Erase(IN_SERVICES),
    "certificates.Thanks.volunteer": Erase(IN_SERVICES),
    "certificates.Portfolio.volunteer": Erase(IN_SERVICES),
    "evaluation.VolunteerSurvey.volunteer": Erase(IN_SERVICES),
    "evaluation.VolunteerReview.volunteer": Erase(KEPT_ANONYMISED + " Ratings only; the organization's note is internal."),
    "evaluation.OrganizationReview.volunteer": Erase(KEPT_ANONYMISED + " Ratings only."),
    "evaluation.MisconductReport.reporter": Erase(
        "Kept for the safety process (a legal obligation); the reporter shows as the erased account."
    ),
    "evaluation.MisconductReport.volunteer": Erase("Kept for the safety process (a legal obligation)."),
    "evaluation.StakeholderResponse.respondent": Erase("The comments and department go; ratings stay.", clear={"comments": "", "department": ""}),
    "evaluation.RelationshipContact.user": Erase("Contacts for an organization's relations with the person.", delete=True),
    "training.CourseCompletion.volunteer": Erase(IN_SERVICES),
    "agreements.AgreementAcceptance.volunteer": Erase("Kept as proof of the agreement; it points at the anonymised account."),
    "matching.VolunteerTerm.profile": Erase("The match index of the profile.", delete=True, by_profile=True),
    "matching.MatchEntry.volunteer": Erase("The match index of the profile.", delete=True, by_profile=True),
    "matching.Invitation.volunteer": Erase(KEPT_ANONYMISED + " The organization's invitation to apply."),
    "matching.AlertPreference.volunteer": Erase(IN_SERVICES),
    "matching.Alert.volunteer": Erase(IN_SERVICES),
    "teams.TeamMember.volunteer": Erase(KEPT_ANONYMISED + " The team's history."),
    "teams.Team.leader": Erase(KEPT_ANONYMISED),
    "teams.TeamAssignment.applied_by": Erase(KEPT_ANONYMISED + " The application is the team's."),
    "api.ApiToken.user": Erase("Revoked through the privacy.account_erased hook (api app)."),
    "exports.Export.requested_by": Erase("Files of an organization's data; deleted by the exports' own retention."),
    "hours.HourEntry.submitted_by": Erase("Handled through the volunteer link (the note goes)."),
    "organizations.Invitation.accepted_by": Erase(KEPT_ANONYMISED + " Its address is replaced in erase_account."),
    "admin.LogEntry.user": Erase(STAFF + " Staff accounts are not erased from the erasure page."),
}
for _key, _reason in NOT_EXPORTED.items():
    # Every link the export leaves out because the person acted for someone else is kept as it is.
    if _reason in (ACTED_FOR, STAFF) and _key not in ERASURE:
        ERASURE[_key] = Erase(KEPT_ANONYMISED)
