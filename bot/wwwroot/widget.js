/*
 * HelpBot's embeddable widget. On any page:
 *   <script src="https://bot.example/widget.js" defer></script>
 * adds a "Chat with HelpBot" button (bottom-right) that opens a panel with Web Chat. Everything else (webchat.js,
 * the token) comes from the origin this script was loaded from. Optional attributes on the script tag:
 *   data-transport="polling"   use HTTP polling instead of a WebSocket
 *   data-open="true"           open the panel straight away
 * The bot must list the embedding site's origin in WebChat:AllowedOrigins.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script || window.__helpBotWidget) {
    return; // loaded twice, or not as a classic <script>
  }
  window.__helpBotWidget = true;

  var scriptUrl = new URL(script.src, window.location.href);
  var baseUrl = (scriptUrl.origin + scriptUrl.pathname.replace(/\/widget\.js$/, '')).replace(/\/+$/, '');
  var transport = script.getAttribute('data-transport') ||
    (new URLSearchParams(window.location.search).get('transport') === 'polling' ? 'polling' : 'websocket');

  var css = [
    '.helpbot-widget-launcher{position:fixed;right:1.25rem;bottom:1.25rem;z-index:2147483000;display:inline-flex;align-items:center;gap:.5rem;',
    'padding:.75rem 1.125rem;border:0;border-radius:999px;background:#A51C30;color:#fff;font:600 1rem/1.2 "Segoe UI",system-ui,sans-serif;',
    'box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:pointer}',
    '.helpbot-widget-launcher:hover{background:#7A1424}',
    '.helpbot-widget-launcher:focus-visible,.helpbot-widget-close:focus-visible{outline:3px solid #1E1E1E;outline-offset:3px}',
    '.helpbot-widget-launcher[aria-expanded="true"]{display:none}',
    '.helpbot-widget-mark{display:inline-flex;align-items:center;justify-content:center;width:1.75rem;height:1.75rem;border-radius:50%;',
    'background:#fff;color:#A51C30;font-size:.8rem;font-weight:700}',
    '.helpbot-widget-panel{position:fixed;right:1.25rem;bottom:1.25rem;z-index:2147483000;display:flex;flex-direction:column;',
    'width:min(24rem,calc(100vw - 2.5rem));height:min(36rem,calc(100vh - 2.5rem));background:#fff;border-radius:10px;overflow:hidden;',
    'box-shadow:0 8px 30px rgba(0,0,0,.3);font-family:"Segoe UI",system-ui,sans-serif}',
    '.helpbot-widget-panel[hidden]{display:none}',
    '.helpbot-widget-header{display:flex;align-items:center;justify-content:space-between;gap:.5rem;padding:.625rem .875rem;',
    'background:#A51C30;color:#fff}',
    '.helpbot-widget-title{margin:0;font-size:1rem;font-weight:600}',
    '.helpbot-widget-subtitle{margin:0;font-size:.75rem;opacity:.9}',
    '.helpbot-widget-close{min-width:44px;min-height:44px;border:0;background:transparent;color:#fff;font-size:1.5rem;line-height:1;padding:.25rem .5rem;cursor:pointer;border-radius:4px}',
    '.helpbot-widget-close:hover{background:rgba(255,255,255,.15)}',
    '.helpbot-widget-chat{flex:1;min-height:0}',
    '.helpbot-widget-status{margin:1rem;color:#595959}',
    '.helpbot-webchat-error{margin:1rem;color:#7A1424;font-weight:600}',
    '.helpbot-widget-footer{margin:0;padding:.375rem .875rem;font-size:.75rem;color:#595959;border-top:1px solid #eee}',
    '.helpbot-widget-footer a{color:#A51C30}',
    '.helpbot-widget-chat:focus{outline:none}',
    // Phones: the panel takes the whole screen, its heading and close button always in view.
    '@media (max-width:480px){.helpbot-widget-panel{right:0;bottom:0;width:100vw;height:100vh;height:100dvh;border-radius:0}}'
  ].join('');

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === 'text') {
        node.textContent = attributes[name];
      } else {
        node.setAttribute(name, attributes[name]);
      }
    });
    (children || []).forEach(function (child) {
      node.appendChild(child);
    });
    return node;
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var tag = element('script', { src: src });
      tag.onload = resolve;
      tag.onerror = function () {
        reject(new Error('Could not load ' + src));
      };
      document.head.appendChild(tag);
    });
  }

  var started = null;

  function build() {
    document.head.appendChild(element('style', { 'data-helpbot-widget': '', text: css }));

    var launcher = element('button', {
      type: 'button',
      class: 'helpbot-widget-launcher',
      'aria-expanded': 'false',
      'aria-controls': 'helpbot-widget-panel',
      'aria-haspopup': 'dialog'
    }, [element('span', { class: 'helpbot-widget-mark', 'aria-hidden': 'true', text: 'HB' }), element('span', { text: 'Chat with HelpBot' })]);

    var close = element('button', { type: 'button', class: 'helpbot-widget-close', 'aria-label': 'Close the HelpBot chat', text: '×' });
    var chat = element('div', { class: 'helpbot-widget-chat', tabindex: '-1' }, [
      element('p', { class: 'helpbot-widget-status', role: 'status', text: 'Connecting to HelpBot…' })
    ]);
    var footer = element('p', { class: 'helpbot-widget-footer' }, [
      document.createTextNode('Prefer a person? Service Desk '),
      element('a', { href: 'tel:+16174322000', text: '617-432-2000' })
    ]);
    var panel = element('section', {
      id: 'helpbot-widget-panel',
      class: 'helpbot-widget-panel',
      role: 'dialog',
      'aria-modal': 'false',
      'aria-labelledby': 'helpbot-widget-title',
      hidden: ''
    }, [
      element('div', { class: 'helpbot-widget-header' }, [
        element('div', {}, [
          element('h2', { id: 'helpbot-widget-title', class: 'helpbot-widget-title', text: 'HelpBot' }),
          element('p', { class: 'helpbot-widget-subtitle', text: 'HMS IT · Accounts & Access' })
        ]),
        close
      ]),
      chat,
      footer
    ]);

    function open() {
      panel.hidden = false;
      launcher.setAttribute('aria-expanded', 'true');
      if (!started) {
        started = loadScript(baseUrl + '/lib/webchat.js')
          .then(function () {
            return loadScript(baseUrl + '/js/helpbot-webchat.js');
          })
          .then(function () {
            return window.HelpBotChat.start(chat, { baseUrl: baseUrl, transport: transport });
          })
          .catch(function () {
            chat.replaceChildren(element('p', {
              class: 'helpbot-webchat-error',
              role: 'alert',
              text: 'HelpBot could not load right now. Please call the HMS IT Service Desk at 617-432-2000.'
            }));
          });
      }
      // Focus goes into the panel at once (never left on <body> while Web Chat loads), then to the send box when it is there.
      chat.focus();
      started.then(focusSendBoxWhenReady);
    }

    var SEND_BOX = '[data-id="webchat-sendbox-input"]';

    function focusSendBoxWhenReady() {
      var input = chat.querySelector(SEND_BOX);
      if (input) {
        moveFocusToSendBox(input);
        return;
      }
      // Web Chat renders asynchronously: wait for its send box (and give up quietly after 30 s).
      var observer = new MutationObserver(function () {
        var appeared = chat.querySelector(SEND_BOX);
        if (appeared) {
          observer.disconnect();
          moveFocusToSendBox(appeared);
        }
      });
      observer.observe(chat, { childList: true, subtree: true });
      setTimeout(function () {
        observer.disconnect();
      }, 30000);
    }

    function moveFocusToSendBox(input) {
      // Only if the person has not moved on meanwhile (focus still on the panel itself or nowhere).
      var active = document.activeElement;
      if (!panel.hidden && (active === chat || active === document.body || active === null)) {
        input.focus();
      }
    }

    function hide() {
      panel.hidden = true;
      launcher.setAttribute('aria-expanded', 'false');
      launcher.focus();
    }

    launcher.addEventListener('click', open);
    close.addEventListener('click', hide);
    panel.addEventListener('keydown', function (event) {
      if (event.key !== 'Escape' || event.defaultPrevented) {
        return;
      }
      // Escape inside a message or card only leaves that card (back to the transcript); it never closes the whole panel.
      var activity = event.target.closest && event.target.closest('.webchat__basic-transcript__activity');
      if (activity) {
        setTimeout(function () {
          // Web Chat moves focus back to its transcript itself; if it did not, do it here.
          if (activity.contains(document.activeElement)) {
            (activity.closest('.webchat__basic-transcript') || chat).focus();
          }
        }, 0);
        return;
      }
      hide();
    });

    // One complementary landmark holds the launcher and the panel, so the host page's content stays in its own landmarks.
    var region = element('aside', { class: 'helpbot-widget', 'aria-label': 'HelpBot chat' }, [launcher, panel]);
    document.body.appendChild(region);

    if (script.getAttribute('data-open') === 'true') {
      open();
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', build);
  } else {
    build();
  }
})();
