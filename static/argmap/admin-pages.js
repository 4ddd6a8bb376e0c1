// Behaviour of argmap's own admin pages, as a static file: the strict Content-Security-Policy
// runs no inline handler (onclick=, onchange=).

// Review queue: the header checkbox selects every node.
const selectAll = document.getElementById("select-all");
if (selectAll) {
  selectAll.addEventListener("click", () => {
    for (const box of document.querySelectorAll("#review-queue input[name=node]")) box.checked = selectAll.checked;
  });
}

// Evaluation page: choosing another semantics evaluates again.
for (const field of document.querySelectorAll("[data-submit-on-change]")) {
  field.addEventListener("change", () => field.form.submit());
}
