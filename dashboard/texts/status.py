"""The data status page."""

TEXTS = {
    "statuspage.title": ("Datastatus", "Data status"),
    "statuspage.only": ("Status", "Status"),
    "statuspage.all_only": ("Alle statusser", "All statuses"),
    "statuspage.kind": ("Slags data", "Kind of data"),
    "statuspage.all_kind": ("Alle slags", "All kinds"),
    "statuspage.previous": ("← Forrige side", "← Previous page"),
    "statuspage.next": ("Næste side →", "Next page →"),
    "statuspage.position": ("Side {page} af {pages}", "Page {page} of {pages}"),
    "statuspage.lead": (
        "Hvad hver partner har indberettet pr. kvartal, og hvornår. Et kvartal skal være "
        "indberettet senest {days} dage efter kvartalets udløb. Det, der mangler efter "
        "fristen, står øverst (markeret med ▶), så det modtagne: for sent, ikke godkendt og "
        "godkendt.",
        "What each partner has reported per quarter, and when. A quarter is due {days} days "
        "after it ends. What is missing after the deadline comes first (marked ▶), then what "
        "was received: late, not approved, approved."),
    "statuspage.table_title": ("Indberetninger pr. partner og kvartal",
                           "Submissions per partner and quarter"),
    "statuspage.reported": ("modtaget, ikke godkendt", "received, not approved"),
    "statuspage.late_count": ("modtaget for sent", "received late"),
    "statuspage.approved_count": ("godkendt", "approved"),
    "statuspage.overdue_count": ("mangler efter fristen", "missing after the deadline"),
    "statuspage.due_count": ("ikke forfaldne endnu", "not yet due"),
    "statuspage.unapproved_note": (
        "Tal, der er modtaget men ikke godkendt, indgår i tallene på alle sider (som "
        "foreløbige tal i de nationale registre); her ses, hvor endelige de er.",
        "Figures received but not yet approved count on every page (as preliminary figures "
        "do in the national registers); this page shows how final they are."),
    "review.title": ("Til godkendelse", "To approve"),
    "review.intro": ("Indberetninger fra jeres partnere, som venter på jer: tjek dem, og "
                     "godkend dem.",
                     "Submissions from your partners waiting for you: check them, then "
                     "approve them."),
    "review.choose": ("Indberetning", "Submission"),
    "review.check": ("Markér som tjekket", "Mark as checked"),
    "review.approve": ("Godkend", "Approve"),
    "review.none": ("Intet venter på godkendelse.", "Nothing is waiting for approval."),
    "review.option": ("{partner} · {kind} · {quarter} · modtaget {at}{checked}",
                      "{partner} · {kind} · {quarter} · received {at}{checked}"),
    "review.option_checked": (" · tjekket af {who}", " · checked by {who}"),
    "review.checked": ("Tjekket.", "Checked."),
    "review.approved": ("Godkendt.", "Approved."),
    "review.unknown": ("indberetningen findes ikke", "no such submission"),
    "review.not_yours": ("du kan kun godkende indberetninger til din egen kommune",
                         "you can only approve submissions to your own municipality"),
    "review.not_checked": ("indberetningen skal tjekkes, før den godkendes",
                           "the submission must be checked before it is approved"),
}
