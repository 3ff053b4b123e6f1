/*
 * The console's only script. liveOpened marks the page once its f:websocket is connected (tests and
 * people can see the list is live); typing tells the visitor an agent is typing: a "typing" request
 * at most every 3 s while keys are pressed, "stopped" 5 s after the last key.
 */
var parley = parley || {};
parley.liveOpened = function () {
    document.body.setAttribute("data-live", "open");
};
parley.typing = function (box, event) {
    var now = Date.now();
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
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
