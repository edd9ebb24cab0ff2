"""The authentication library's texts whose Arabic we write ourselves.

Its catalogue reads "الاشتراك" (a subscription) for sign-up and carries typos ("غضو", "لم ترى",
"لم تتلقى"). Listing the texts here keeps their Arabic in the project's catalogue, which Django reads
before the library's, and stops `make translations` from dropping them as unused.
"""

from django.utils.translation import gettext_noop

OVERRIDDEN = [
    gettext_noop("Sign Up"),
    gettext_noop("Sign Up Closed"),
    gettext_noop("We are sorry, but the sign up is currently closed."),
    gettext_noop("Hello from %(site_name)s!"),
    gettext_noop("Thank you for using %(site_name)s!\n%(site_domain)s"),
    gettext_noop(
        "You're receiving this email because user %(user_display)s has given your email address to register an "
        "account on %(site_domain)s."
    ),
    gettext_noop("Verify Your Email Address"),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam folder. Otherwise contact us "
        "if you do not receive it in a few minutes."
    ),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to finalize the signup process. If "
        "you do not see the verification email in your main inbox, check your spam folder. Please contact us if you "
        "do not receive the verification email within a few minutes."
    ),
    gettext_noop(
        "We have sent an email to you for\nverification. Please click on the link inside that email. If you do not "
        "see the verification email in your main inbox, check your spam folder. Otherwise\ncontact us if you do not "
        "receive it within a few minutes."
    ),
    gettext_noop("We have sent you an e-mail. Please contact us if you do not receive it within a few minutes."),
    gettext_noop("You are receiving this mail because the following change was made to your account:"),
    gettext_noop("You will receive a special code for a password-free sign-in."),
]
