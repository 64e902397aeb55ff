// Small progressive enhancements; every page works without them.
document.addEventListener("click", (event) => {
  // A finding's timecode jumps the player to its place.
  const button = event.target.closest(".seek");
  const player = document.getElementById("player");
  if (button && player) {
    player.currentTime = Number(button.dataset.seconds);
    player.focus();
  }
});
for (const zone of document.querySelectorAll(".dropzone")) {
  // Dropping a file on the form puts it in the file input, then the form uploads it.
  const input = zone.querySelector("input[type=file]");
  zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("dragover"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragover"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragover");
    if (event.dataTransfer.files.length) { input.files = event.dataTransfer.files; }
  });
}
for (const form of document.querySelectorAll("form.upload")) {
  // The file is streamed as the request body (no multipart), with the form's CSRF token in
  // the header; the answer names the validation job's page, which shows live progress.
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const file = form.querySelector("input[type=file]").files[0];
    if (!file) { return; }
    const sent = form.querySelector("progress.sent");
    const alert = form.querySelector("[role=alert]");
    const request = new XMLHttpRequest();
    request.open("PUT", form.dataset.put);
    request.setRequestHeader("x-csrftoken", form.dataset.csrftoken);
    request.setRequestHeader("content-type", "application/octet-stream");
    sent.hidden = false;
    request.upload.onprogress = (e) => { if (e.lengthComputable) { sent.value = e.loaded / e.total; } };
    request.onload = () => {
      if (request.status === 200) { window.location = JSON.parse(request.responseText).next; return; }
      alert.hidden = false;
      alert.textContent = request.status + " " + (request.responseText.match(/role="alert">([^<]*)/) || ["", request.statusText])[1];
    };
    request.send(file);
  });
}
