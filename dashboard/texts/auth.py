"""Login, errors and the administration page."""

TEXTS = {
    "auth.title": ("Log ind", "Log in"),
    "auth.username": ("Brugernavn", "User name"),
    "auth.password": ("Adgangskode", "Password"),
    "auth.submit": ("Log ind", "Log in"),
    "auth.wrong": ("Forkert brugernavn eller adgangskode.", "Wrong user name or password."),
    "auth.too_many": (
        "For mange mislykkede forsøg. Vent {minutes} minutter, og prøv igen.",
        "Too many failed attempts. Wait {minutes} minutes and try again."),
    "auth.demo": (
        "Demo: brugerne national, admin, esbjerg, koebenhavn og frise har adgangskoden demo.",
        "Demo: the users national, admin, esbjerg, koebenhavn and frise have the password "
        "demo."),
    "error.404_title": ("Siden findes ikke", "Page not found"),
    "error.404": ("Adressen findes ikke i Overblik.", "The address does not exist in Overblik."),
    "error.500_title": ("Der skete en fejl", "Something went wrong"),
    "error.500": (
        "Overblik kunne ikke svare på forespørgslen. Fejlen er logget; prøv igen om lidt.",
        "Overblik could not answer the request. The error has been logged; try again shortly."),
    "admin.title": ("Administration", "Administration"),
    "admin.users": ("Brugere", "Users"),
    "admin.audit": ("Seneste hændelser", "Recent events"),
    "admin.only": ("Siden er kun for administratorer.", "This page is for administrators only."),
    "col.username": ("Brugernavn", "User name"),
    "col.role": ("Rolle", "Role"),
    "col.scope": ("Område", "Scope"),
    "col.active": ("Aktiv", "Active"),
    "col.is_demo": ("Demobruger", "Demo user"),
    "col.created_at": ("Oprettet", "Created"),
    "col.at": ("Tidspunkt (UTC)", "Time (UTC)"),
    "col.action": ("Hændelse", "Event"),
    "col.address": ("Adresse", "Address"),
    "col.detail": ("Detaljer", "Details"),
}
