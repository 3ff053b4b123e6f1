/*
 * The console's only script. liveOpened marks the page once its f:websocket is connected (tests and
 * people can see the list is live); typing tells the visitor an agent is typing: a "typing" request
 * at most every 3 s while keys are pressed, "stopped" 5 s after the last key.
 *
 * parley.workspace drives the workspace (index.xhtml): opening a conversation by ajax with ?c=<id> in
 * the address bar (back and forward reopen), the gapless resync on every push nudge and every
 * (re)connect of the push socket, the reply box (Enter sends, Shift+Enter a new line) and the keyboard
 * shortcuts. It adds no inline code to the page: the console's policy allows only hashed inline code.
 */
var parley = parley || {};
parley.liveOpened = function () {
    document.body.setAttribute("data-live", "open");
};
parley.typing = function (box, event) {
    var now = Date.now();
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        document.getElementById(box.form.id + ":send").click();
        return;
    }
    if (!box.parleyTypingSince || now - box.parleyTypingSince > 3000) {
        box.parleyTypingSince = now;
        document.getElementById(box.getAttribute("data-typing-start")).click();
    }
    clearTimeout(box.parleyStopTimer);
    box.parleyStopTimer = setTimeout(function () {
        box.parleyTypingSince = 0;
        document.getElementById(box.getAttribute("data-typing-stop")).click();
    }, 5000);
};

/*
 * faces.push calls f:websocket's onopen only for the first connection of a page, not when it reconnects
 * after a drop (Mojarra 4's ReconnectingWebsocket), yet a page must resync exactly then: whatever
 * changed while the socket was down was announced to nobody. So the console watches its push sockets
 * itself: every open (the first included, which closes the gap between rendering and connecting) and
 * every close is seen here. parley.live.socket is the current one.
 */
parley.live = {socket: null};
(function (Native) {
    if (!Native) {
        return;
    }
    function Watched(url, protocols) {
        var socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
        if (String(url).indexOf("/jakarta.faces.push/") >= 0) {
            socket.addEventListener("open", function () {
                parley.live.socket = socket;
                parley.liveOpened();
                if (parley.workspace.present()) {
                    parley.workspace.resync();
                }
            });
            socket.addEventListener("close", function () {
                if (parley.live.socket === socket) {
                    parley.live.socket = null;
                    document.body.setAttribute("data-live", "closed");
                }
            });
        }
        return socket;
    }
    Watched.prototype = Native.prototype;
    ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) {
        Watched[name] = Native[name];
    });
    window.WebSocket = Watched;
})(window.WebSocket);

/*
 * parley.alerts: what tells an agent that something arrived while they looked elsewhere. After every
 * resync the list carries each row's unread count (data-unread) and the agent's total
 * (data-total-unread): the total goes into the tab title ("(3) Workspace · Parley") and a favicon badge;
 * a row that appears with unread messages (a new conversation) or whose count grew (a visitor wrote)
 * plays a short beep and shows a browser notification, unless it is the conversation on screen in a
 * visible tab. The switches live in localStorage per agent: they are a property of this browser (a
 * laptop may beep, the office PC not), and the console needs no settings table for them. Only one tab
 * of the agent alerts per event: each alert is claimed under a Web Lock (atomic across the tabs of the
 * origin) and recorded in localStorage, and a tab whose claim finds the event recorded stays silent.
 */
parley.alerts = (function () {
    var known = null;
    var baseTitle = null;
    var audio = null;
    var icon = null;
    var tabId = Math.random().toString(36).slice(2);

    function agent() {
        var box = document.querySelector("[data-agent]");
        return box ? box.getAttribute("data-agent") : "";
    }

    /** The agent's id: its own conversations and the unassigned ones alert it, a colleague's do not. */
    function me() {
        var box = document.querySelector("[data-agent-id]");
        return box ? box.getAttribute("data-agent-id") : "";
    }

    function key(name) {
        return "parley." + name + "." + agent();
    }

    function settings() {
        var stored = null;
        try {
            stored = JSON.parse(localStorage.getItem(key("alerts")) || "null");
        } catch (ignored) {
            stored = null;
        }
        return stored || {sound: true, notify: true};
    }

    function save(changed) {
        localStorage.setItem(key("alerts"), JSON.stringify(changed));
    }

    function showSettings() {
        var current = settings();
        document.querySelectorAll("[data-alert]").forEach(function (box) {
            box.checked = current[box.getAttribute("data-alert")] !== false;
        });
        var enable = document.querySelector("[data-action=enable-alerts]");
        if (enable && window.Notification && Notification.permission === "granted") {
            enable.textContent = "Alerts enabled";
        }
    }

    /** A user gesture: the only moment a page may ask for notifications and start its audio. */
    function enable() {
        unlockAudio();
        if (window.Notification && Notification.permission === "default") {
            Notification.requestPermission().then(showSettings);
        }
        showSettings();
    }

    function unlockAudio() {
        var Context = window.AudioContext || window.webkitAudioContext;
        if (!audio && Context) {
            audio = new Context();
        }
        if (audio && audio.state === "suspended") {
            audio.resume();
        }
    }

    function beep() {
        document.body.setAttribute("data-sounded", String(Number(document.body.getAttribute("data-sounded") || 0) + 1));
        if (!audio) {
            return;
        }
        var tone = audio.createOscillator();
        var gain = audio.createGain();
        tone.frequency.value = 880;
        gain.gain.setValueAtTime(0.15, audio.currentTime);
        gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.25);
        tone.connect(gain).connect(audio.destination);
        tone.start();
        tone.stop(audio.currentTime + 0.25);
    }

    function notify(title, body, id) {
        if (!window.Notification || Notification.permission !== "granted") {
            return;
        }
        var shown = new Notification(title, {body: body, tag: "parley-" + id});
        shown.onclick = function () {
            window.focus();
            parley.workspace.open(id, true);
        };
    }

    /** Runs alert once over all of this agent's tabs: the first tab to record the event alerts. */
    function once(event, alert) {
        function claim() {
            var record = key("alerted");
            var seen = localStorage.getItem(record);
            if (seen === event) {
                return;
            }
            localStorage.setItem(record, event);
            alert();
        }
        if (navigator.locks && navigator.locks.request) {
            navigator.locks.request(key("alert-lock"), claim);
        } else {
            claim();
        }
    }

    function alertFor(kind, row, unread) {
        var id = row.getAttribute("data-id");
        var nameElement = row.querySelector("[data-testid=visitor-name]");
        var name = nameElement ? nameElement.textContent.trim() : "A visitor";
        var current = settings();
        document.body.setAttribute("data-last-alert", kind + ":" + id);
        once(kind + ":" + id + ":" + unread, function () {
            if (current.sound) {
                beep();
            }
            if (current.notify) {
                notify(kind === "new" ? "New conversation" : "New message", name + " (conversation " + id + ")", id);
            }
        });
    }

    function badge(total) {
        if (!icon) {
            icon = document.querySelector("link[rel~=icon]");
            if (!icon) {
                icon = document.createElement("link");
                icon.rel = "icon";
                document.head.appendChild(icon);
            }
        }
        var canvas = document.createElement("canvas");
        canvas.width = canvas.height = 32;
        var draw = canvas.getContext("2d");
        if (!draw) {
            return;
        }
        draw.fillStyle = "#2f5bd3";
        draw.beginPath();
        draw.arc(16, 16, 14, 0, 2 * Math.PI);
        draw.fill();
        if (total > 0) {
            draw.fillStyle = "#b3261e";
            draw.beginPath();
            draw.arc(22, 10, 10, 0, 2 * Math.PI);
            draw.fill();
            draw.fillStyle = "#fff";
            draw.font = "bold 13px sans-serif";
            draw.textAlign = "center";
            draw.textBaseline = "middle";
            draw.fillText(total > 99 ? "99+" : String(total), 22, 11);
        }
        icon.href = canvas.toDataURL("image/png");
        icon.setAttribute("data-unread", String(total));
    }

    /**
     * Reads the list after an update. alerting is false when the list changed because the agent changed
     * what it shows (a tab, a filter): rows new to the page are then not news.
     */
    function check(alerting, onScreen) {
        var list = document.getElementById("list");
        if (!list) {
            return;
        }
        var total = Number(list.getAttribute("data-total-unread") || 0);
        if (baseTitle === null) {
            baseTitle = document.title.replace(/^\(\d+\) /, "");
        }
        document.title = total > 0 ? "(" + total + ") " + baseTitle : baseTitle;
        badge(total);
        var rows = list.querySelectorAll("[data-testid=list-item]");
        var first = known === null;
        var before = known || {};
        known = {};
        rows.forEach(function (row) {
            var id = row.getAttribute("data-id");
            var unread = Number(row.getAttribute("data-unread") || 0);
            known[id] = unread;
            var assignee = row.getAttribute("data-assignee") || "";
            var forMe = assignee === "" || assignee === me();
            if (first || !alerting || unread === 0 || !forMe
                    || (id === onScreen && document.visibilityState === "visible")) {
                return;
            }
            if (!(id in before)) {
                alertFor("new", row, unread);
            } else if (unread > before[id]) {
                alertFor("message", row, unread);
            }
        });
        if (!alerting) {
            Object.keys(before).forEach(function (id) {
                if (!(id in known)) {
                    known[id] = before[id];
                }
            });
        }
    }

    function start() {
        if (!document.querySelector("[data-agent]")) {
            return;
        }
        showSettings();
        document.addEventListener("change", function (event) {
            var box = event.target.closest && event.target.closest("[data-alert]");
            if (box) {
                var current = settings();
                current[box.getAttribute("data-alert")] = box.checked;
                save(current);
            }
        });
        document.addEventListener("click", function (event) {
            if (event.target.closest("[data-action=enable-alerts]")) {
                enable();
            } else {
                unlockAudio();
            }
        });
        window.addEventListener("storage", function (event) {
            if (event.key === key("alerts")) {
                showSettings();
            }
        });
    }

    document.addEventListener("DOMContentLoaded", start);

    return {check: check, tab: tabId};
})();

parley.workspace = (function () {
    var drafts = {};
    var pendingPush = null;
    var resyncing = false;
    var resyncAgain = false;
    var keyboardMove = false;
    var started = false;

    function byId(id) {
        return document.getElementById(id);
    }

    function present() {
        return started;
    }

    function timeline() {
        return byId("timeline");
    }

    function openId() {
        var header = byId("header");
        return header ? header.getAttribute("data-conversation") || "" : "";
    }

    /** "conversation:highest message id" of what the timeline shows: the server sends what comes after. */
    function shown() {
        var line = timeline();
        var highest = 0;
        line.querySelectorAll("[data-testid=message]").forEach(function (message) {
            highest = Math.max(highest, Number(message.getAttribute("data-id")));
        });
        return (line.getAttribute("data-conversation") || "") + ":" + highest;
    }

    function submit(button) {
        byId("ws:after").value = shown();
        byId("ws:visible").value = document.visibilityState === "visible" ? "true" : "false";
        byId(button).click();
    }

    function open(id, push) {
        var box = byId("ws:text");
        var current = openId();
        if (current) {
            drafts[current] = box.value;
        }
        pendingPush = push ? String(id) : null;
        byId("ws:open").value = id;
        submit("ws:openButton");
    }

    function resync() {
        if (resyncing) {
            resyncAgain = true;
            return;
        }
        resyncing = true;
        submit("ws:resync");
    }

    function nearBottom(element) {
        return element.scrollHeight - element.scrollTop - element.clientHeight < 80;
    }

    /** Moves the messages of a resync the timeline does not show yet into it: each message id once. */
    function takeIncoming() {
        var incoming = byId("incoming");
        var line = timeline();
        if (!incoming || incoming.getAttribute("data-conversation") !== line.getAttribute("data-conversation")) {
            return;
        }
        var follow = nearBottom(line);
        var announce = [];
        Array.prototype.slice.call(incoming.querySelectorAll("[data-testid=message]")).forEach(function (message) {
            var id = message.getAttribute("data-id");
            if (line.querySelector("[data-testid=message][data-id='" + id + "']")) {
                message.remove();
                return;
            }
            line.appendChild(message);
            if (message.getAttribute("data-sender") === "CONTACT") {
                var author = message.querySelector(".author");
                var content = message.querySelector(".content");
                announce.push((author ? author.textContent : "Visitor") + ": " + (content ? content.textContent : ""));
            }
        });
        if (announce.length) {
            byId("announcer").textContent = "New message from " + announce.join("; ");
        }
        if (follow) {
            line.scrollTop = line.scrollHeight;
        }
    }

    function updated(data) {
        var source = data.source && data.source.id;
        var header = byId("header");
        if (source === "ws:openButton") {
            var line = timeline();
            line.scrollTop = line.scrollHeight;
            byId("ws:text").value = drafts[openId()] || "";
            if (pendingPush !== null && openId() === pendingPush) {
                history.pushState({c: pendingPush}, "", "?c=" + encodeURIComponent(pendingPush));
            }
            pendingPush = null;
            if (keyboardMove) {
                keyboardMove = false;
                var link = document.querySelector("[data-testid=list-item].current a");
                if (link) {
                    link.focus();
                }
            }
        }
        takeIncoming();
        if (source === "ws:send" && header && header.getAttribute("data-sent") === "true") {
            byId("ws:text").value = "";
            delete drafts[openId()];
        }
        document.body.classList.toggle("conversation-open", openId() !== "");
        if (source === "ws:cannedSearch") {
            picker.show();
        } else if (source === "ws:openButton") {
            picker.close();
        }
        if (data.responseXML && data.responseXML.querySelector("update[id='list']")) {
            parley.alerts.check(!/^listFilter:/.test(source || ""), openId());
        }
        if (source === "ws:resync") {
            resyncing = false;
            if (resyncAgain) {
                resyncAgain = false;
                resync();
            }
        }
    }

    /*
     * The canned-response picker: while the word before the caret starts with "/", the rest of it is
     * the search (a Faces request renders the matching responses, already filled for this visitor); the
     * focus stays in the reply box, whose aria-activedescendant names the option ArrowUp/ArrowDown
     * select; Enter puts the option's text in place of the "/word" (it does not send), Escape closes.
     */
    var picker = (function () {
        var active = -1;
        var token = null;
        var timer = null;

        function list() {
            return byId("canned-options");
        }

        function options() {
            return Array.prototype.slice.call(list().querySelectorAll("[role=option]"));
        }

        function isOpen() {
            return token !== null && list() && !list().hidden;
        }

        function select(index) {
            var all = options();
            active = all.length ? (index + all.length) % all.length : -1;
            all.forEach(function (option, at) {
                option.setAttribute("aria-selected", at === active ? "true" : "false");
                option.classList.toggle("active", at === active);
            });
            var box = byId("ws:text");
            if (active >= 0) {
                box.setAttribute("aria-activedescendant", all[active].id);
                all[active].scrollIntoView({block: "nearest"});
            } else {
                box.removeAttribute("aria-activedescendant");
            }
        }

        function close() {
            token = null;
            clearTimeout(timer);
            if (list()) {
                list().hidden = true;
            }
            var box = byId("ws:text");
            box.removeAttribute("aria-activedescendant");
            box.removeAttribute("aria-controls");
        }

        function show() {
            if (token === null || !list()) {
                return;
            }
            list().hidden = options().length === 0;
            byId("ws:text").setAttribute("aria-controls", "canned-options");
            select(0);
        }

        /** The "/word" before the caret, or null. */
        function word(box) {
            var before = box.value.slice(0, box.selectionStart);
            var match = /(^|\s)\/([^\s\/]*)$/.exec(before);
            return match ? {start: before.length - match[2].length - 1, query: match[2]} : null;
        }

        function typed(event) {
            var found = openId() ? word(event.target) : null;
            if (!found) {
                close();
                return;
            }
            token = found;
            clearTimeout(timer);
            timer = setTimeout(function () {
                byId("ws:cannedQuery").value = found.query;
                byId("ws:cannedSearch").click();
            }, 150);
        }

        function insert(option) {
            var box = byId("ws:text");
            var found = word(box) || token;
            var text = option.getAttribute("data-text");
            var end = box.selectionStart;
            box.value = box.value.slice(0, found.start) + text + box.value.slice(end);
            var caret = found.start + text.length;
            box.setSelectionRange(caret, caret);
            close();
            box.focus();
        }

        /** True when the key was the picker's. */
        function keydown(event) {
            if (!isOpen()) {
                return false;
            }
            if (event.key === "ArrowDown" || event.key === "ArrowUp") {
                event.preventDefault();
                select(active + (event.key === "ArrowDown" ? 1 : -1));
                return true;
            }
            if (event.key === "Enter" && !event.shiftKey && active >= 0) {
                event.preventDefault();
                insert(options()[active]);
                return true;
            }
            if (event.key === "Escape") {
                event.preventDefault();
                event.stopPropagation();
                close();
                return true;
            }
            return false;
        }

        function clicked(event) {
            var option = event.target.closest && event.target.closest("#canned-options [role=option]");
            if (option && isOpen()) {
                event.preventDefault();
                insert(option);
            }
        }

        return {typed: typed, show: show, close: close, keydown: keydown, clicked: clicked};
    })();

    /*
     * Presence: the page reported ONLINE when it loaded; while it is visible it says it is in use every
     * minute, and on the agent's keys and clicks at most once a minute, so ONLINE fades to away only when
     * the agent is really gone.
     */
    var presence = (function () {
        var last = Date.now();

        function beat() {
            var button = byId("me:heartbeat");
            if (button) {
                last = Date.now();
                button.click();
            }
        }

        function active() {
            if (Date.now() - last > 60000) {
                beat();
            }
        }

        function start() {
            setInterval(function () {
                if (document.visibilityState === "visible") {
                    beat();
                }
            }, 60000);
            document.addEventListener("keydown", active, true);
            document.addEventListener("mousedown", active, true);
        }

        return {start: start, active: active};
    })();

    function typingInField(target) {
        return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    }

    function move(step) {
        var items = Array.prototype.slice.call(document.querySelectorAll("[data-testid=list-item]"));
        if (!items.length) {
            return;
        }
        var at = items.findIndex(function (item) {
            return item.classList.contains("current");
        });
        var next = at < 0 ? (step > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, at + step));
        if (next !== at) {
            keyboardMove = true;
            open(items[next].getAttribute("data-id"), true);
        }
    }

    function shortcuts(show) {
        var overlay = byId("shortcuts");
        if (show) {
            overlay.parleyReturnFocus = document.activeElement;
            overlay.hidden = false;
            overlay.querySelector("button").focus();
        } else if (!overlay.hidden) {
            overlay.hidden = true;
            if (overlay.parleyReturnFocus && overlay.parleyReturnFocus.focus) {
                overlay.parleyReturnFocus.focus();
            }
        }
    }

    function keydown(event) {
        var overlay = byId("shortcuts");
        if (!overlay.hidden) {
            if (event.key === "Escape" || event.key === "?") {
                event.preventDefault();
                shortcuts(false);
            } else if (event.key === "Tab") {
                event.preventDefault();
                overlay.querySelector("button").focus();
            }
            return;
        }
        var typing = typingInField(event.target);
        var plain = !event.altKey && !event.ctrlKey && !event.metaKey;
        if (event.altKey && !event.ctrlKey && !event.metaKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
            event.preventDefault();
            move(event.key === "ArrowDown" ? 1 : -1);
        } else if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === "KeyR") {
            var resolve = document.querySelector("[data-action=resolve]");
            if (resolve) {
                event.preventDefault();
                submit("ws:resolve");
            }
        } else if (!typing && plain && (event.key === "j" || event.key === "k")) {
            event.preventDefault();
            move(event.key === "j" ? 1 : -1);
        } else if (!typing && plain && event.key === "r" && openId()) {
            event.preventDefault();
            byId("ws:text").focus();
        } else if (!typing && !event.ctrlKey && !event.metaKey && event.key === "?") {
            event.preventDefault();
            shortcuts(true);
        }
    }

    function replyKeydown(event) {
        if (picker.keydown(event)) {
            return;
        }
        if (event.key === "Enter" && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey
            && !event.isComposing) {
            event.preventDefault();
            if (openId() && event.target.value.trim() !== "") {
                submit("ws:send");
            }
            return;
        }
        if (openId()) {
            parley.typing(event.target, event);
        }
    }

    function click(event) {
        var link = event.target.closest("a[data-open]");
        if (link && event.button === 0 && !event.ctrlKey && !event.metaKey && !event.shiftKey && !event.altKey) {
            event.preventDefault();
            open(link.getAttribute("data-open"), true);
            return;
        }
        var action = event.target.closest("button[data-action]");
        if (!action) {
            return;
        }
        var name = action.getAttribute("data-action");
        if (name === "resolve" || name === "reopen" || name === "take" || name === "unassign") {
            submit("ws:" + name);
        } else if (name === "tab") {
            byId("listFilter:tab").value = action.getAttribute("data-tab");
            byId("listFilter:tabButton").click();
        } else if (name === "close-shortcuts") {
            shortcuts(false);
        }
    }

    function start() {
        if (!byId("ws:resync")) {
            return;
        }
        started = true;
        var id = openId();
        history.replaceState({c: id || null}, "", location.href);
        document.body.classList.toggle("conversation-open", id !== "");
        timeline().scrollTop = timeline().scrollHeight;
        window.addEventListener("popstate", function (event) {
            var wanted = event.state && event.state.c
                ? String(event.state.c)
                : new URLSearchParams(location.search).get("c") || "";
            if (wanted !== openId()) {
                open(wanted, false);
            }
        });
        document.addEventListener("keydown", keydown);
        document.addEventListener("click", click);
        // before the Send button's own (Faces) handler: the request says what the timeline shows
        byId("ws").addEventListener("click", function () {
            byId("ws:after").value = shown();
        }, true);
        byId("ws:text").addEventListener("keydown", replyKeydown);
        byId("ws:text").addEventListener("input", picker.typed);
        byId("ws:text").addEventListener("blur", function () {
            setTimeout(picker.close, 200);
        });
        document.addEventListener("mousedown", picker.clicked);
        document.addEventListener("change", function (event) {
            var select = event.target.closest && event.target.closest("select[data-action=assign]");
            if (select && select.value) {
                byId("ws:assignTo").value = select.value;
                submit("ws:assign");
            }
        });
        document.addEventListener("visibilitychange", function () {
            if (document.visibilityState === "visible") {
                presence.active();
                if (openId()) {
                    resync();
                }
            }
        });
        presence.start();
        parley.alerts.check(false, openId());
        faces.ajax.addOnEvent(function (data) {
            if (data.status === "success") {
                updated(data);
            }
        });
        faces.ajax.addOnError(function (data) {
            if (data.source && data.source.id === "ws:resync") {
                resyncing = false;
            }
        });
        if (parley.live.socket && parley.live.socket.readyState === WebSocket.OPEN) {
            resync();
        }
    }

    document.addEventListener("DOMContentLoaded", start);

    return {
        present: present,
        resync: resync,
        /** f:websocket's onmessage: something changed somewhere; read what this page shows again. */
        nudged: function () {
            resync();
        },
        open: open
    };
})();
