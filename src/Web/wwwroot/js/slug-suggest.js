// Suggests a slug from the tenant's name until the person edits the slug themselves.
(function () {
    const name = document.getElementById("Input_Name");
    const slug = document.getElementById("Input_Slug");
    if (!name || !slug) return;
    let edited = slug.value.length > 0;
    function suggest() {
        if (edited) return;
        slug.value = name.value.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
            .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40).replace(/-+$/, "");
    }
    slug.addEventListener("input", function () { edited = slug.value.length > 0; });
    name.addEventListener("input", suggest);
    // A name typed (or restored by the browser) before this script ran gets its suggestion too.
    if (name.value) suggest();
})();
