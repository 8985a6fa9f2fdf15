// The playground: posts the message to the gateway with fetch and shows the answer as its server-sent events arrive.
// Stop aborts the request, which the server sees as the client going away: the call is cancelled upstream.
(function () {
    "use strict";
    const form = document.getElementById("playground-form");
    if (!form) return;

    const endpoint = form.getAttribute("data-endpoint");
    const antiforgery = form.querySelector("input[name='__RequestVerificationToken']").value;
    const model = document.getElementById("playground-model");
    const message = document.getElementById("playground-message");
    const zdr = document.getElementById("playground-zdr");
    const send = document.getElementById("playground-send");
    const stop = document.getElementById("playground-stop");
    const answer = document.getElementById("playground-answer");
    const status = document.getElementById("playground-status");
    const error = document.getElementById("playground-error");
    const summary = document.getElementById("playground-summary");
    let controller = null;

    form.addEventListener("submit", async function (event) {
        event.preventDefault();
        if (controller) return;
        const text = message.value.trim();
        clear();
        if (!text) {
            showError("Write a message first.");
            return;
        }

        const body = { model: model.value, stream: true, messages: [{ role: "user", content: text }] };
        if (zdr.checked) body.provider = { zdr: true };
        controller = new AbortController();
        busy(true);
        status.textContent = "Waiting for the answer…";
        try {
            const response = await fetch(endpoint, {
                method: "POST",
                credentials: "same-origin",
                headers: { "Content-Type": "application/json", "RequestVerificationToken": antiforgery },
                body: JSON.stringify(body),
                signal: controller.signal,
            });
            const type = response.headers.get("Content-Type") || "";
            if (!type.startsWith("text/event-stream")) {
                status.textContent = "";
                showError(await errorOf(response));
                return;
            }

            status.textContent = "Answering…";
            await readEvents(response.body);
        } catch (failure) {
            if (failure.name === "AbortError") {
                status.textContent = "Stopped. The call was cancelled; what it cost so far is taken from OpenRouter's record.";
            } else {
                status.textContent = "";
                showError("The answer could not be received: " + failure.message);
            }
        } finally {
            controller = null;
            busy(false);
        }
    });

    stop.addEventListener("click", function () {
        if (controller) controller.abort();
    });

    // Splits the body into events (a blank line ends one) and handles each as it completes.
    async function readEvents(stream) {
        const reader = stream.getReader();
        const decoder = new TextDecoder();
        let buffer = "";
        for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
            let end;
            while ((end = buffer.indexOf("\n\n")) >= 0) {
                handle(buffer.slice(0, end));
                buffer = buffer.slice(end + 2);
            }
        }
    }

    function handle(block) {
        let name = null;
        const data = [];
        for (const line of block.split("\n")) {
            if (line.startsWith(":")) continue; // a keep-alive comment
            if (line.startsWith("event:")) name = line.slice(6).trim();
            else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
        }
        if (data.length === 0 || data[0] === "[DONE]") return;

        const json = JSON.parse(data.join("\n"));
        if (name === "gateway") {
            showSummary(json);
        } else if (json.error) {
            status.textContent = "";
            showError(json.error.message || "The answer failed.");
        } else if (json.choices && json.choices.length > 0 && json.choices[0].delta && json.choices[0].delta.content) {
            answer.textContent += json.choices[0].delta.content;
        }
    }

    function showSummary(outcome) {
        if (outcome.status === "Completed") status.textContent = "";
        document.getElementById("summary-model").textContent = outcome.model || "not reported";
        document.getElementById("summary-tokens").textContent =
            outcome.prompt_tokens + " prompt + " + outcome.completion_tokens + " completion";
        document.getElementById("summary-cost").textContent = outcome.cost_text || "not reported";
        document.getElementById("summary-key").textContent = outcome.key === "Personal" ? "Your personal key" : "The tenant's shared key";
        document.getElementById("summary-zdr").textContent = outcome.zero_data_retention ? "Yes" : "No";
        summary.hidden = false;
    }

    async function errorOf(response) {
        if (response.redirected && response.url.indexOf("/Identity/Account/Login") >= 0) {
            return "You are no longer signed in. Sign in again, then send your message.";
        }
        try {
            const json = await response.json();
            if (json.error && json.error.message) return json.error.message;
        } catch (ignored) {
            // Not OpenRouter's error shape: fall through to the status.
        }
        return "The gateway answered " + response.status + " " + response.statusText + ".";
    }

    function clear() {
        answer.textContent = "";
        status.textContent = "";
        error.textContent = "";
        error.hidden = true;
        summary.hidden = true;
    }

    function showError(text) {
        error.textContent = text;
        error.hidden = false;
    }

    function busy(on) {
        send.disabled = on;
        stop.disabled = !on;
        model.disabled = on;
    }
})();
