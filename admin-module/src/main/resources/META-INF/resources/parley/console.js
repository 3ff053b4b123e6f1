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
        if (source === "ws:resync") {
            resyncing = false;
            if (resyncAgain) {
                resyncAgain = false;
                resync();
            }
        }
    }

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
        if (name === "resolve" || name === "reopen") {
            submit("ws:" + name);
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
