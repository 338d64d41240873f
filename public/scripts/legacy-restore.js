// Legacy pages may come back on Back/Forward as they were when the visitor left them: from
// the back/forward cache, or from the HTTP cache (history navigations reuse a cached page
// without asking the server). If who is signed in changed since, load the page afresh;
// otherwise bring the header's cart count up to date (the SPA revalidates the same answers).
function cameBack(event) {
  if (event.persisted) return true;
  var entry = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
  return Boolean(entry && entry.type === "back_forward");
}
window.addEventListener("pageshow", function (event) {
  if (!cameBack(event)) return;
  var header = document.querySelector(".shop-header[data-user]");
  var renderedFor = header ? header.getAttribute("data-user") : "";
  fetch("/api/session/user", { credentials: "same-origin" })
    .then(function (res) {
      return res.ok ? res.json() : null;
    })
    .then(function (session) {
      if (!session) return;
      var now = session.user ? String(session.user.id) : "";
      if (now !== renderedFor) return window.location.reload();
      return fetch("/api/cart", { credentials: "same-origin" })
        .then(function (res) {
          return res.ok ? res.json() : null;
        })
        .then(function (cart) {
          var count = document.getElementById("cart-count");
          var unit = document.getElementById("cart-count-unit");
          if (!cart || !count) return;
          count.textContent = String(cart.total_quantity);
          if (unit) unit.textContent = cart.total_quantity === 1 ? " item" : " items";
        });
    })
    .catch(function () {
      // Offline or the API is down: the restored page stays as it was.
    });
});
