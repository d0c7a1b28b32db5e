"""Reminder e-mails about quarterly reports (dashboard.mail)."""

TEXTS = {
    "reminder.subject_before": ("Overblik: indberetning for {quarter} senest {due}",
                                "Overblik: report for {quarter} due {due}"),
    "reminder.subject_after": ("Overblik: indberetning for {quarter} mangler (frist {due})",
                               "Overblik: report for {quarter} missing (due {due})"),
    "reminder.body_before": (
        "Kære {partner}\n\nFristen for at indberette {quarter} er {due}. Vi mangler endnu: "
        "{kinds}.\nIndberet på siden Indberet i Overblik.\n\nVenlig hilsen\nOverblik",
        "Dear {partner}\n\nThe deadline for reporting {quarter} is {due}. Still missing: "
        "{kinds}.\nPlease submit on the page Indberet (Submit) in Overblik.\n\nKind regards\n"
        "Overblik"),
    "reminder.body_after": (
        "Kære {partner}\n\nFristen for at indberette {quarter} var {due}, og vi mangler "
        "stadig: {kinds}.\nIndberet på siden Indberet i Overblik, eller svar på denne mail, "
        "hvis noget forhindrer det.\n\nVenlig hilsen\nOverblik",
        "Dear {partner}\n\nThe deadline for reporting {quarter} was {due}, and still missing "
        "is: {kinds}.\nPlease submit on the page Indberet (Submit) in Overblik, or reply if "
        "something prevents it.\n\nKind regards\nOverblik"),
}
