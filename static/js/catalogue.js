// Progressive enhancement for the catalogue: the forms work without JavaScript; with it,
// ticking a filter or choosing a sort order applies it at once.
document.querySelectorAll("form[data-autosubmit]").forEach((form) => {
    form.querySelector(".facets-apply")?.setAttribute("hidden", "");
    form.addEventListener("change", () => form.requestSubmit());
});
document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
});
if (window.matchMedia("(max-width: 800px)").matches) {
    document.querySelectorAll(".facets-toggle").forEach((details) => details.removeAttribute("open"));
}
