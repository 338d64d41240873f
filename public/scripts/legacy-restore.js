// Legacy pages may be restored from the browser's back/forward cache, as they were when the
// visitor left them. If who is signed in changed since, load the page afresh; otherwise bring
// the header's cart count up to date (the SPA revalidates the same two answers).
window.addEventListener("pageshow", function (event) {
  if (!event.persisted) return;
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
