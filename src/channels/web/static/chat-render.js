// Thi Đua Số — web chat page: how bot and person messages are drawn. Text is always inserted as text, never HTML.
'use strict';

/** Draws messages into the `list` (<ol role="log">); `pressChoice(group, button, choice)` handles a button. */
window.createChatRenderer = function createChatRenderer(list, pressChoice) {
  function timeLabel() {
    return new Date().toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' });
  }

  /**
   * Where the view stays after the bot's last batch: the "✔ Câu N" echo (or the new question) at the top, so on a
   * phone a long question is read from its first line and the echo confirming the answer stays in sight. Null:
   * follow the end of the conversation.
   */
  let anchor = null;

  function scrollToEnd() {
    if (anchor && anchor.isConnected && anchor.scrollIntoView) {
      anchor.scrollIntoView({ block: 'start' });
      return;
    }
    list.scrollTop = list.scrollHeight;
    const last = list.lastElementChild;
    if (last && last.scrollIntoView) last.scrollIntoView({ block: 'end' });
  }

  /** Makes http(s) links in plain text clickable without ever injecting HTML. */
  function appendText(parent, text) {
    const parts = String(text).split(/(https?:\/\/[^\s<>"']+)/g);
    parts.forEach((part, i) => {
      if (i % 2 === 1) {
        const a = document.createElement('a');
        a.href = part;
        a.textContent = part;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        parent.appendChild(a);
      } else if (part) {
        parent.appendChild(document.createTextNode(part));
      }
    });
  }

  function addItem(side, extraClass) {
    const li = document.createElement('li');
    li.className = 'msg ' + side + (extraClass ? ' ' + extraClass : '');
    const bubble = document.createElement('div');
    bubble.className = 'bubble';
    li.appendChild(bubble);
    list.appendChild(li);
    return { li, bubble };
  }

  function addMeta(li, label) {
    const meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = label + ' · ' + timeLabel();
    li.appendChild(meta);
  }

  function showMine(text) {
    anchor = null;
    const { li, bubble } = addItem('me');
    appendText(bubble, text);
    addMeta(li, 'Anh/chị');
    scrollToEnd();
  }

  function showError(text) {
    anchor = null;
    const { bubble } = addItem('bot', 'error');
    bubble.setAttribute('role', 'alert');
    bubble.textContent = text;
    scrollToEnd();
  }

  /** A new question retires the older questions' buttons; lasting cards (review prompts, lists) keep theirs. */
  function disableOpenChoices() {
    list.querySelectorAll('.choices:not([data-closed]):not([data-persistent])').forEach((group) => {
      group.setAttribute('data-closed', '1');
      group.querySelectorAll('button').forEach((b) => (b.disabled = true));
    });
  }

  /** Draws one message; returns its list item (null when not drawn). */
  function renderMessage(message, extraClass) {
    if (message.kind === 'answered') {
      const { li, bubble } = addItem('bot', 'answered');
      bubble.textContent = message.text;
      return li;
    }
    const { li, bubble } = addItem('bot', extraClass);
    if (message.kind === 'text') {
      appendText(bubble, message.text);
    } else if (message.kind === 'choices') {
      disableOpenChoices();
      appendText(bubble, message.text);
      const group = document.createElement('div');
      const columns = Math.min(Math.max(Number(message.columns) || 1, 1), 3);
      group.className = 'choices' + (columns > 1 ? ' cols-' + columns : '');
      if (message.persistent) group.setAttribute('data-persistent', '1');
      group.setAttribute('role', 'group');
      group.setAttribute('aria-label', 'Các lựa chọn');
      (message.choices || []).forEach((choice) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'choice';
        button.textContent = choice.label;
        button.addEventListener('click', () => pressChoice(group, button, choice));
        group.appendChild(button);
      });
      li.appendChild(group);
      if (message.typeHint) {
        const hint = document.createElement('p');
        hint.className = 'type-hint';
        hint.textContent = message.typeHint;
        li.appendChild(hint);
      }
    } else if (message.kind === 'image') {
      const img = document.createElement('img');
      img.src = message.url;
      img.alt = message.caption || 'Hình ảnh từ trợ lý thi đua';
      img.loading = 'lazy';
      img.addEventListener('load', scrollToEnd);
      bubble.appendChild(img);
      if (message.caption) appendText(bubble, message.caption);
    } else if (message.kind === 'file') {
      const a = document.createElement('a');
      a.href = message.url;
      a.className = 'file-link';
      a.textContent = '📄 ' + message.name;
      a.setAttribute('download', message.name);
      bubble.appendChild(a);
      if (message.caption) {
        bubble.appendChild(document.createElement('br'));
        appendText(bubble, message.caption);
      }
    } else {
      li.remove();
      return null;
    }
    addMeta(li, extraClass === 'notice' ? 'Thông báo' : 'Trợ lý');
    return li;
  }

  /**
   * Draws a batch of bot messages. A batch that asks something (buttons) is shown from its echo "✔ Câu N: …"
   * if it has one, else from the question itself; other batches follow the end of the conversation.
   */
  function renderAll(messages, extraClass) {
    let echo = null;
    let question = null;
    (messages || []).forEach((m) => {
      const li = renderMessage(m, extraClass);
      if (!li) return;
      if (m.kind === 'answered' && !echo) echo = li;
      if (m.kind === 'choices') question = li;
    });
    anchor = question ? echo || question : null;
    scrollToEnd();
  }

  return { renderAll, showMine, showError };
};
