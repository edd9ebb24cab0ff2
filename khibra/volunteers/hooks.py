"""What the volunteers app lets higher apps react to (see khibra/core/hooks.py).

Fired inside the service's transaction; a receiver's exception rolls the change back.
"""

from khibra.core.hooks import Hook

profile_changed = Hook(
    "volunteers.profile_changed",
    "profile(VolunteerProfile): what the profile says changed (its words, skills, qualifications, "
    "fields, cities, hours); matching recomputes the profile's terms and match entries.",
)

identity_changed = Hook(
    "volunteers.identity_changed",
    "profile(VolunteerProfile): the identity status changed (submitted, approved or refused); "
    "matching rewrites the profile's match entries, whose static score counts a verified identity.",
)

personal_data_viewed = Hook(
    "volunteers.personal_data_viewed",
    "personal_data_viewed(staff=User, volunteer=VolunteerProfile, purpose=str): platform staff opened a "
    "volunteer's personal data (the identity review). Privacy logs the access with its purpose.",
)
