// The feedback page: while the submission is graded, ask the JSON API for its status every second (the session
// cookie signs the request in) and show it; once it is done, reload so the server renders the results. Then load
// the exercise's figure, if the page has a place for it. Text from the server is only ever set as textContent;
// the figure fragment is HTML the server rendered and escaped.
(function () {
  'use strict';
  var root = document.getElementById('feedback');
  if (!root) {
    return;
  }
  var labels = { QUEUED: 'waiting to be graded', RUNNING: 'being graded', GRADED: 'graded', ERROR: 'not graded (grader error)' };
  var status = document.getElementById('status');

  function poll() {
    fetch('/api/submissions/' + encodeURIComponent(root.dataset.submission), {
      headers: { Accept: 'application/json' }, credentials: 'same-origin'
    }).then(function (response) {
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      return response.json();
    }).then(function (submission) {
      if (submission.status === 'GRADED' || submission.status === 'ERROR') {
        window.location.reload();
        return;
      }
      status.textContent = labels[submission.status] || submission.status;
      window.setTimeout(poll, 1000);
    }).catch(function () {
      window.setTimeout(poll, 3000);     // the server may be restarting: keep trying, a little slower
    });
  }

  function loadFigure() {
    var place = document.querySelector('#figure .figure[data-src]');
    if (!place) {
      return;
    }
    fetch(place.dataset.src, { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.text();
      })
      .then(function (html) { place.innerHTML = html; })
      .catch(function (error) { place.textContent = 'The figure could not be drawn (' + error.message + '). Reload to try again.'; });
  }

  if (root.dataset.done === 'true') {
    loadFigure();
  } else {
    window.setTimeout(poll, 1000);
  }
})();
