// On every page: filter panels start folded on a phone, so results come first (without
// JavaScript they stay open and work the same).
if (window.matchMedia("(max-width: 800px)").matches) {
    document.querySelectorAll("details[data-collapse-on-phone]").forEach((details) => {
        details.removeAttribute("open");
    });
}
