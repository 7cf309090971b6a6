// Progressive enhancement for the catalogue: the forms work without JavaScript; with it,
// ticking a filter or choosing a sort order applies it at once.
document.querySelectorAll("form[data-autosubmit]").forEach((form) => {
    form.querySelector(".facets-apply")?.setAttribute("hidden", "");
    form.addEventListener("change", () => form.requestSubmit());
});
document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
});

// Search-as-you-type: product names from /api/v1/products/suggest in a native datalist,
// so the browser shows them accessibly under the search box.
document.querySelectorAll("input[data-suggest]").forEach((input) => {
    const list = document.getElementById(input.getAttribute("list"));
    let timer;
    let asked = "";
    input.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(async () => {
            const q = input.value.trim();
            if (q.length < 2 || q === asked) return;
            asked = q;
            const url = `${input.dataset.suggest}?lang=${document.documentElement.lang}&q=${encodeURIComponent(q)}`;
            const response = await fetch(url, { headers: { Accept: "application/json" } });
            if (!response.ok) return;
            list.replaceChildren(...(await response.json()).map((product) => {
                const option = document.createElement("option");
                option.value = product.title;
                option.label = product.province;
                return option;
            }));
        }, 200);
    });
});
