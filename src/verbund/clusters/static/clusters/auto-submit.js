// A <select data-auto-submit> sends its form when changed (the form's button is for no-JS users).
document.querySelectorAll("select[data-auto-submit]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
