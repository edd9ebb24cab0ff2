"""What volunteers lets the apps above it react to (khibra.core.hooks)."""

from khibra.core.hooks import Hook

personal_data_viewed = Hook(
    "volunteers.personal_data_viewed",
    "personal_data_viewed(staff=User, volunteer=VolunteerProfile, purpose=str): platform staff opened a "
    "volunteer's personal data (the identity review). Privacy logs the access with its purpose.",
)
