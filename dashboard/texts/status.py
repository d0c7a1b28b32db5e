"""The data status page."""

TEXTS = {
    "statuspage.title": ("Datastatus", "Data status"),
    "statuspage.lead": (
        "Hvad hver partner har indberettet pr. kvartal, og hvornår. Et kvartal skal være "
        "indberettet senest {days} dage efter kvartalets udløb; rækker markeret med ▶ er for "
        "sent.",
        "What each partner has reported per quarter, and when. A quarter is due {days} days "
        "after it ends; rows marked ▶ are overdue."),
    "statuspage.table_title": ("Indberetninger pr. partner og kvartal",
                           "Submissions per partner and quarter"),
    "statuspage.reported": ("indberetninger modtaget", "submissions received"),
    "statuspage.overdue_count": ("for sent", "overdue"),
    "statuspage.due_count": ("ikke forfaldne endnu", "not yet due"),
}
