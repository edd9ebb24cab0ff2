"""State changes of professional opportunities (step 2) and their service model (step 3).

Each function is one use case: it checks who may act (`PermissionDenied`), the business rules
(`ValidationError` with translated messages), writes, and records an audit row in the same
transaction. Views, tests and the API all go through here.

Admins and volunteer managers of the organization design, publish and close opportunities;
supervisors only read them (see access.py).

- `editing`: creating a draft (from scratch or from a need), editing it and its tasks
- `templates`: creating a draft from an opportunity template
- `lifecycle`: the status from draft to done, and the chosen service model

The rules of a design are in `rules.py`, the service-model chooser in `service_model_chooser.py`,
reads in `selectors.py`.
"""

# The use cases.
from .editing import NewProgram, create_from_need, create_opportunity, replace_tasks, update_opportunity
from .lifecycle import (
    ALLOWED_FROM,
    EDITABLE_STATUSES,
    PROVIDER_REFUSAL,
    cancel_opportunity,
    choose_service_model,
    close_opportunity,
    complete_opportunity,
    mark_ready,
    override_readiness,
    publish_opportunity,
    return_to_draft,
)
from .listings import close_due_listings
from .proposals import adopt_proposal, decline_proposal, propose_opportunity, send_proposal, withdraw_proposal
from .templates import create_from_template

__all__ = [
    "ALLOWED_FROM",
    "EDITABLE_STATUSES",
    "NewProgram",
    "PROVIDER_REFUSAL",
    "adopt_proposal",
    "close_due_listings",
    "decline_proposal",
    "override_readiness",
    "propose_opportunity",
    "send_proposal",
    "withdraw_proposal",
    "cancel_opportunity",
    "choose_service_model",
    "close_opportunity",
    "complete_opportunity",
    "create_from_need",
    "create_from_template",
    "create_opportunity",
    "mark_ready",
    "publish_opportunity",
    "replace_tasks",
    "return_to_draft",
    "update_opportunity",
]
