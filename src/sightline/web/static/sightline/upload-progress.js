// Shows the upload's progress while htmx sends the files.
document.addEventListener('htmx:xhr:progress', function (event) {
  var bar = document.getElementById('upload-progress')
  if (bar && event.detail.lengthComputable) {
    bar.value = Math.round((event.detail.loaded / event.detail.total) * 100)
  }
})
