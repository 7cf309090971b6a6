// The sales-point map: Leaflet (installed from npm, served as our own static file) draws
// the places listed on the page. The tile server is a setting; without it, or when its
// tiles cannot be fetched (offline), the markers stay on a blank map and the list below
// still names every place.
(() => {
    const element = document.getElementById("sales-map");
    const data = document.getElementById("sales-map-markers");
    if (!element || !data || !window.L) return;
    const markers = JSON.parse(data.textContent);
    const offlineNote = document.querySelector("[data-map-offline]");
    const showOffline = () => {
        element.classList.add("is-offline");
        if (offlineNote) offlineNote.hidden = false;
    };

    const map = L.map(element, { scrollWheelZoom: false });
    const tiles = element.dataset.tiles;
    if (tiles) {
        let failures = 0;
        L.tileLayer(tiles, { maxZoom: 18, attribution: element.dataset.attribution })
            .on("tileerror", () => { if (++failures === 3) showOffline(); })
            .addTo(map);
    } else {
        showOffline();
    }

    const points = markers.map((place) => {
        const link = document.createElement("a");
        link.href = place.url;
        link.textContent = place.name;
        const details = document.createElement("div");
        details.append(link, document.createElement("br"), `${place.kind} · ${place.province}`);
        // Leaflet writes a string tooltip as HTML: the name goes in as text.
        const label = document.createElement("span");
        label.textContent = place.name;
        // A circle, not an image: nothing more to fetch, and it reads on a blank map.
        L.circleMarker([place.lat, place.lng], {
            radius: 8, weight: 2, color: "#fff", fillColor: "#9b1b1e", fillOpacity: 0.9,
        }).bindPopup(details).bindTooltip(label).addTo(map);
        return [place.lat, place.lng];
    });
    if (points.length === 1) map.setView(points[0], 12);
    else map.fitBounds(points, { padding: [24, 24], maxZoom: 12 });
})();
