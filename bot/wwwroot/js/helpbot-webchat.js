/*
 * Starts the official Bot Framework Web Chat (window.WebChat, from /lib/webchat.js) against HelpBot.
 * Used by the page at / and by the embeddable widget (widget.js). Exposes window.HelpBotChat.start(element, options).
 *
 * The browser never sees a Direct Line secret: it asks the bot's own backend (POST /api/webchat/token) for a
 * short-lived token. The conversation survives a reload within the tab: its id and token are kept in
 * sessionStorage; on reload the token is refreshed at Direct Line and Web Chat resumes that conversation.
 */
(function () {
  'use strict';

  var STORAGE_KEY = 'helpbot.webchat.session';
  var CRIMSON = '#A51C30';
  // DirectLineJS ConnectionStatus values.
  var ONLINE = 2;
  var FAILED_TO_CONNECT = 4;
  var ENDED = 5;

  var styleOptions = {
    accent: CRIMSON,
    hideUploadButton: true,
    botAvatarInitials: 'HB',
    botAvatarBackgroundColor: CRIMSON,
    userAvatarInitials: 'You',
    bubbleBorderRadius: 8,
    bubbleFromUserBorderRadius: 8,
    bubbleFromUserBackground: CRIMSON,
    bubbleFromUserTextColor: '#FFFFFF',
    bubbleFromUserBorderColor: CRIMSON,
    sendBoxButtonColor: CRIMSON,
    sendBoxButtonColorOnHover: '#7A1424',
    // A pressed card button (aria-pressed) and links keep the brand colour, not Web Chat's Microsoft blue.
    cardPushButtonBackgroundColor: CRIMSON,
    cardPushButtonTextColor: '#FFFFFF',
    suggestedActionHeight: 44, // WCAG 2.5.5: targets at least 44 by 44 px
    suggestedActionBorderColor: CRIMSON,
    suggestedActionTextColor: CRIMSON,
    timestampColor: '#595959',
    primaryFont: "'Segoe UI', system-ui, -apple-system, 'Helvetica Neue', Arial, sans-serif",
    rootHeight: '100%',
    rootWidth: '100%',
    // Every choice readable in full, at any width: buttons stacked, long labels wrapped (never a sideways carousel).
    suggestedActionLayout: 'flow',
    suggestedActionsStackedLayoutButtonTextWrap: true
  };

  // What Web Chat's style options cannot say: a clear focus ring around the send box (WCAG 2.4.7), and how a person
  // from the Service Desk looks (their initials on slate, not the bot's crimson "HB"; their name above the time).
  var OWN_CSS =
    '.helpbot-webchat-host .webchat__send-box__main:focus-within{outline:3px solid #1E1E1E;outline-offset:-3px}' +
    '.helpbot-agent-avatar{display:flex;align-items:center;justify-content:center;width:40px;height:40px;border-radius:50%;' +
    'background:#2F3B4C;color:#fff;font:600 14px/1 "Segoe UI",system-ui,sans-serif}' +
    '.helpbot-agent-name{font-weight:600;color:#1E1E1E}' +
    '.helpbot-webchat-host .webchat__basic-transcript a{color:#A51C30;text-decoration:underline}' +
    '.helpbot-webchat-host .webchat__basic-transcript a:hover{color:#7A1424}' +
    // Card buttons and form fields big enough to tap (44 px), as the suggested actions are.
    '.helpbot-webchat-host .ac-pushButton{min-height:44px}' +
    '.helpbot-webchat-host .ac-adaptiveCard input:not([type=radio]):not([type=checkbox]),' +
    '.helpbot-webchat-host .ac-adaptiveCard select,.helpbot-webchat-host .ac-adaptiveCard textarea{min-height:44px}';

  // A message a person at the desk wrote carries channelData.helpbotAgent = { name, initials } (see AgentMessage.cs).
  function agentOf(activity) {
    var agent = activity && activity.channelData && activity.channelData.helpbotAgent;
    return agent && typeof agent.name === 'string' ? agent : null;
  }

  // Web Chat bundles React 16 without exposing it; its middleware takes React elements. These two build the plain
  // element objects React reads (no state, no hooks), so no second copy of React is loaded.
  var REACT_ELEMENT = typeof Symbol === 'function' && Symbol['for'] ? Symbol['for']('react.element') : 0xeac7;
  function h(type, props) {
    return { $$typeof: REACT_ELEMENT, type: type, key: props.key || null, ref: null, props: props, _owner: null };
  }

  function avatarMiddleware() {
    return function (next) {
      return function (args) {
        var agent = agentOf(args.activity);
        if (!agent) {
          return next(args);
        }
        return function () {
          return h('div', { className: 'helpbot-agent-avatar', 'aria-hidden': 'true', children: String(agent.initials || '').slice(0, 3) });
        };
      };
    };
  }

  // Web Chat groups messages by role only (user or bot), so an agent's message would share the bot's avatar: split
  // each group where the writer changes between HelpBot and a person at the desk.
  function groupActivitiesMiddleware() {
    return function (next) {
      return function (args) {
        var groups = next(args);
        if (!groups || !groups.sender) {
          return groups;
        }
        var sender = [];
        groups.sender.forEach(function (group) {
          var writer = null;
          group.forEach(function (activity) {
            var agent = agentOf(activity);
            var who = agent ? 'agent:' + agent.name : 'bot-or-user';
            if (who !== writer) {
              writer = who;
              sender.push([]);
            }
            sender[sender.length - 1].push(activity);
          });
        });
        return Object.assign({}, groups, { sender: sender });
      };
    };
  }

  function activityStatusMiddleware() {
    return function (next) {
      return function (args) {
        var status = next(args);
        var agent = agentOf(args.activity);
        if (!agent) {
          return status;
        }
        return h('span', {
          children: [
            h('span', { key: 'name', className: 'helpbot-agent-name', children: agent.name + ', HMS IT Service Desk' }),
            status ? h('span', { key: 'status', children: [' · ', status] }) : null
          ]
        });
      };
    };
  }

  function addOwnStyles() {
    if (document.querySelector('style[data-helpbot-webchat]')) {
      return;
    }
    var style = document.createElement('style');
    style.setAttribute('data-helpbot-webchat', '');
    style.textContent = OWN_CSS;
    document.head.appendChild(style);
  }

  function readSession(baseUrl) {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) || 'null');
      return saved && saved.baseUrl === baseUrl && saved.token && saved.conversationId ? saved : null;
    } catch (e) {
      return null; // storage disabled or corrupt: start a new conversation
    }
  }

  function saveSession(session) {
    try {
      window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    } catch (e) {
      // storage disabled: the conversation just won't survive a reload
    }
  }

  function forgetSession() {
    try {
      window.sessionStorage.removeItem(STORAGE_KEY);
    } catch (e) {
      // nothing to forget
    }
  }

  // A body-less POST is a "simple" cross-origin request: no preflight is needed when the widget runs on the IT site.
  function fetchNewSession(baseUrl) {
    return fetch(baseUrl + '/api/webchat/token', { method: 'POST', credentials: 'omit', cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('The token endpoint answered ' + response.status);
        }
        return response.json();
      })
      .then(function (body) {
        return { baseUrl: baseUrl, token: body.token, conversationId: body.conversationId || null, domain: body.domain, userId: body.userId };
      });
  }

  // Direct Line's own refresh: the old token (still valid) buys a new one for the same conversation.
  function refreshSession(session) {
    return fetch(session.domain + '/tokens/refresh', {
      method: 'POST',
      credentials: 'omit',
      cache: 'no-store',
      headers: { Authorization: 'Bearer ' + session.token }
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (body) {
        if (!body || !body.token) {
          return null;
        }
        return Object.assign({}, session, { token: body.token, conversationId: body.conversationId || session.conversationId });
      })
      .catch(function () {
        return null;
      });
  }

  function wantsPolling(options) {
    if (options.transport) {
      return options.transport === 'polling';
    }
    return new URLSearchParams(window.location.search).get('transport') === 'polling';
  }

  function render(element, session, resuming, options, onResumeFailed) {
    var directLineOptions = { domain: session.domain, token: session.token, webSocket: !wantsPolling(options) };
    if (resuming) {
      // With a conversationId Direct Line resumes (GET /conversations/{id}) and replays the transcript.
      directLineOptions.conversationId = session.conversationId;
    }
    var directLine = window.WebChat.createDirectLine(directLineOptions);

    var wasOnline = false;
    var subscription = directLine.connectionStatus$.subscribe(function (status) {
      if (status === ONLINE) {
        wasOnline = true;
      } else if (resuming && !wasOnline && (status === FAILED_TO_CONNECT || status === ENDED)) {
        // The saved conversation is gone (e.g. the server restarted): start a new one instead of a dead chat.
        subscription.unsubscribe();
        directLine.end();
        onResumeFailed();
      }
    });

    // Keep the freshest token for the next reload: DirectLineJS swaps in new tokens as it refreshes them.
    window.addEventListener('pagehide', function () {
      if (typeof directLine.token === 'string' && directLine.token) {
        saveSession(Object.assign({}, session, { token: directLine.token }));
      }
    });

    addOwnStyles();
    var host = document.createElement('div');
    host.className = 'helpbot-webchat-host';
    host.style.height = '100%';
    element.replaceChildren(host);
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        userID: session.userId,
        username: 'You',
        locale: options.locale || 'en-US',
        // While a person at the desk has the conversation, they see that the user is typing.
        sendTypingIndicator: true,
        styleOptions: styleOptions,
        avatarMiddleware: avatarMiddleware,
        groupActivitiesMiddleware: groupActivitiesMiddleware,
        activityStatusMiddleware: activityStatusMiddleware
      },
      host
    );
    if (!resuming) {
      showTheWelcomeFromItsTop(host);
    }
  }

  // Web Chat keeps the newest message in view; for the welcome card, taller than a small chat, that hides its heading.
  // Until the person does anything (or a second message comes), a new conversation's first message is shown from its
  // top, also while Web Chat's layout settles (its transcript resizes once more after the card renders).
  function showTheWelcomeFromItsTop(host) {
    var done = false;
    function stop() {
      done = true;
      observer.disconnect();
      resize.disconnect();
      ['keydown', 'wheel', 'pointerdown', 'touchstart'].forEach(function (type) {
        host.removeEventListener(type, stop, true);
      });
    }
    function showTop() {
      var activities = host.querySelectorAll('.webchat__basic-transcript__activity');
      var scrollable = host.querySelector('.webchat__basic-transcript__scrollable');
      if (done || !scrollable || activities.length === 0) {
        return;
      }
      if (activities.length > 1) {
        stop();
        return;
      }
      resize.observe(scrollable);
      var hidden = scrollable.getBoundingClientRect().top - activities[0].getBoundingClientRect().top;
      if (hidden > 0) {
        scrollable.scrollTop -= hidden;
      }
    }
    var observer = new MutationObserver(showTop);
    var resize = new ResizeObserver(function () {
      window.requestAnimationFrame(showTop);
    });
    observer.observe(host, { childList: true, subtree: true });
    ['keydown', 'wheel', 'pointerdown', 'touchstart'].forEach(function (type) {
      host.addEventListener(type, stop, true);
    });
    setTimeout(stop, 5000);
  }

  function showError(element, error) {
    var message = document.createElement('p');
    message.className = 'helpbot-webchat-error';
    message.setAttribute('role', 'alert');
    message.textContent =
      'HelpBot could not connect right now. Please try again in a moment, or call the HMS IT Service Desk at 617-432-2000.';
    element.replaceChildren(message);
    if (window.console) {
      window.console.error('HelpBot Web Chat:', error);
    }
  }

  function startNew(element, baseUrl, options) {
    return fetchNewSession(baseUrl).then(function (session) {
      if (session.conversationId) {
        saveSession(session);
      }
      render(element, session, false, options, function () {});
    });
  }

  /**
   * Renders Web Chat into element.
   * options.baseUrl: where HelpBot runs (default: this page's origin); options.transport: 'websocket' or 'polling'.
   */
  function start(element, options) {
    options = options || {};
    var baseUrl = (options.baseUrl || window.location.origin).replace(/\/+$/, '');
    if (!window.WebChat) {
      showError(element, new Error('webchat.js is not loaded'));
      return Promise.resolve();
    }
    var saved = readSession(baseUrl);
    var begin = saved
      ? refreshSession(saved).then(function (refreshed) {
          if (!refreshed) {
            forgetSession();
            return startNew(element, baseUrl, options);
          }
          saveSession(refreshed);
          render(element, refreshed, true, options, function () {
            forgetSession();
            startNew(element, baseUrl, options).catch(function (error) {
              showError(element, error);
            });
          });
        })
      : startNew(element, baseUrl, options);
    return begin.catch(function (error) {
      showError(element, error);
    });
  }

  window.HelpBotChat = { start: start };

  // The page at / marks its chat element, so it needs no inline script (its Content Security Policy allows none).
  // The widget loads this file too and starts the chat itself: host pages have no such element.
  var autostart = document.querySelector('[data-helpbot-autostart]');
  if (autostart) {
    start(autostart);
  }
})();
