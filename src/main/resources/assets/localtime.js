// Shows each <time datetime> of a page in the reader's own time zone and language. Without this
// script (or JavaScript) the page shows the time in UTC with its offset, and works the same. The zone
// is kept in a cookie, so the next pages are rendered in it by the server itself.
(function () {
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone || !/^[A-Za-z0-9_+\/-]{1,64}$/.test(zone)) { return; }
  var secure = location.protocol === 'https:';
  document.cookie = (secure ? '__Host-' : '') + 'cliauth_tz=' + zone + '; Path=/; Max-Age=31536000; SameSite=Lax'
      + (secure ? '; Secure' : '');
  var format;
  try {
    // (dateStyle and timeStyle cannot be combined with timeZoneName, so the parts are named.)
    format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { year: 'numeric', month: 'short',
        day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' });
  } catch (e) { return; }
  var times = document.querySelectorAll('time[datetime]');
  for (var i = 0; i < times.length; i++) {
    var at = new Date(times[i].getAttribute('datetime'));
    if (!isNaN(at.getTime())) { times[i].textContent = format.format(at); }
  }
})();
