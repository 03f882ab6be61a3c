// The reset page's live strength meter, show/hide toggle and match hint. It applies the same estimate as
// PasswordPolicy.EstimateStrength and the same length, repeat, sequence and username rules; the server remains the
// authority (it also checks the common-password list and the user's names) and shows its reason after submit.
(function () {
  'use strict';
  var form = document.getElementById('reset-form');
  if (!form) { return; }
  var min = Number(form.dataset.min), max = Number(form.dataset.max), recommended = Number(form.dataset.recommended);
  var password = document.getElementById('password');
  var confirm = document.getElementById('confirm');
  var toggle = document.getElementById('toggle');
  var meter = document.getElementById('strength');
  var strengthText = document.getElementById('strength-text');
  var passwordError = document.getElementById('password-error');
  var confirmError = document.getElementById('confirm-error');
  var username = (document.getElementById('username').value || '').toLowerCase();
  var labels = ['Very weak', 'Weak', 'Fair', 'Good', 'Strong'];
  var serverError = passwordError.textContent;

  function codePoints(text) { return Array.from(text.normalize('NFKC')).map(function (c) { return c.codePointAt(0); }); }

  function estimate(points) {
    if (points.length < min) { return 0; }
    var lower = false, upper = false, digit = false, symbol = false, other = false;
    points.forEach(function (p) {
      if (p >= 97 && p <= 122) { lower = true; }
      else if (p >= 65 && p <= 90) { upper = true; }
      else if (p >= 48 && p <= 57) { digit = true; }
      else if (p >= 32 && p < 127) { symbol = true; }
      else { other = true; }
    });
    var alphabet = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (symbol ? 33 : 0) + (other ? 100 : 0);
    var perCharacter = Math.log2(alphabet), bits = perCharacter;
    for (var i = 1; i < points.length; i++) { bits += Math.abs(points[i] - points[i - 1]) <= 1 ? 1 : perCharacter; }
    return bits < 30 ? 0 : bits < 45 ? 1 : bits < 60 ? 2 : bits < 80 ? 3 : 4;
  }

  function repeatedOrSequential(points) {
    if (points.length < 2) { return false; }
    for (var period = 1; period <= 4 && period * 2 <= points.length; period++) {
      var periodic = true;
      for (var i = period; i < points.length && periodic; i++) { periodic = points[i] === points[i - period]; }
      if (periodic) { return true; }
    }
    var step = points[1] - points[0];
    if (Math.abs(step) !== 1) { return false; }
    for (var j = 2; j < points.length; j++) { if (points[j] - points[j - 1] !== step) { return false; } }
    return true;
  }

  function reason(text) {
    var points = codePoints(text.toLowerCase());
    if (points.length === 0) { return ''; }
    if (points.length < min) { return 'Use at least ' + min + ' characters. A passphrase of ' + recommended + ' or more, such as four unrelated words, is better.'; }
    if (points.length > max) { return 'Use at most ' + max + ' characters.'; }
    if (repeatedOrSequential(points)) { return 'Avoid repeated or sequential characters such as aaaaaaaa or 12345678.'; }
    if (username.length >= 3 && text.toLowerCase().indexOf(username) >= 0) { return 'Don\u2019t build your password on your username, your name or your e-mail address.'; }
    return '';
  }

  function update() {
    var text = password.value;
    var problem = reason(text);
    var score = problem ? 0 : estimate(codePoints(text));
    meter.value = text ? score : 0;
    strengthText.textContent = text ? 'Strength (an estimate): ' + labels[score] : 'Strength (an estimate): type a password';
    passwordError.textContent = problem || (text ? '' : serverError);
    password.setAttribute('aria-invalid', problem ? 'true' : 'false');
    updateMatch();
  }

  function updateMatch() {
    var mismatch = confirm.value && confirm.value !== password.value;
    confirmError.textContent = mismatch ? 'The two passwords don\u2019t match yet.' : '';
    confirm.setAttribute('aria-invalid', mismatch ? 'true' : 'false');
  }

  toggle.addEventListener('click', function () {
    var show = password.type === 'password';
    password.type = confirm.type = show ? 'text' : 'password';
    toggle.textContent = show ? 'Hide' : 'Show';
    toggle.setAttribute('aria-pressed', show ? 'true' : 'false');
  });
  password.addEventListener('input', update);
  confirm.addEventListener('input', updateMatch);
}());
