"""Views of the competitions app by audience: the call (`call`), applicants (`applicant`), the
office (`office`) and reviewers (`reviewer`). Thin: load, check the permission, call the domain,
render; one view per action."""
