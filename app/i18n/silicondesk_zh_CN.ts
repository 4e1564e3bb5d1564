<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ApiError</name>
    <message>
        <source>The endpoint&apos;s model list was not in the expected shape.</source>
        <translation>端点返回的模型列表格式不符合预期。</translation>
    </message>
    <message>
        <source>The endpoint&apos;s answer was nested too deeply to read.</source>
        <translation>端点的回答嵌套过深，无法读取。</translation>
    </message>
    <message>
        <source>The endpoint&apos;s answer was not valid JSON.</source>
        <translation>端点的回答不是有效的 JSON。</translation>
    </message>
    <message>
        <source>The endpoint&apos;s answer did not contain any choices.</source>
        <translation>端点的回答中没有任何 choices。</translation>
    </message>
    <message>
        <source>The answer ended before the endpoint said it was complete. What arrived is kept; you can continue or retry.</source>
        <translation>端点尚未表示完成，回答就中断了。已收到的内容已保留；可以继续或重试。</translation>
    </message>
    <message>
        <source>The endpoint sent a piece of the answer that is not a JSON object.</source>
        <translation>端点发来的一段回答不是 JSON 对象。</translation>
    </message>
    <message>
        <source>The request failed.</source>
        <translation>请求失败。</translation>
    </message>
    <message>
        <source>The endpoint redirected the request to {location}. SiliconDesk does not follow redirects with your key; check the base URL in the endpoint settings.</source>
        <translation>端点将请求重定向到了 {location}。SiliconDesk 不会带着你的密钥跟随重定向；请检查端点设置中的 Base URL。</translation>
    </message>
    <message>
        <source>another address</source>
        <translation>另一个地址</translation>
    </message>
    <message>
        <source>Something between you and the endpoint answered with a web page (HTTP {status}) instead of the API. Check the base URL and any proxy.</source>
        <translation>你与端点之间的某个环节返回了一个网页（HTTP {status}），而不是 API 响应。请检查 Base URL 和代理设置。</translation>
    </message>
    <message>
        <source>The conversation is longer than this model&apos;s context. Send fewer earlier messages, or start a new chat.</source>
        <translation>对话长度超过了此模型的上下文。请少发送一些较早的消息，或开始新对话。</translation>
    </message>
    <message>
        <source>This model does not take images. Pick a model that sees images (a vision model), or remove the images and send again.</source>
        <translation>此模型不接受图片。请选择能看图的模型（视觉模型），或移除图片后重新发送。</translation>
    </message>
    <message>
        <source>This model does not support switching thinking on or off. Unset “enable_thinking” for it and send again.</source>
        <translation>此模型不支持开关思考模式。请取消设置“enable_thinking”后重新发送。</translation>
    </message>
    <message>
        <source>This model does not take “{parameter}”. Unset it and send again.</source>
        <translation>此模型不接受“{parameter}”。请取消设置后再发送。</translation>
    </message>
    <message>
        <source>The endpoint does not know this model. Pick another model.</source>
        <translation>端点不认识这个模型。请换一个模型。</translation>
    </message>
    <message>
        <source>The endpoint rejected the request&apos;s parameters.</source>
        <translation>端点拒绝了请求的参数。</translation>
    </message>
    <message>
        <source>The API key was not accepted. Enter a valid key.</source>
        <translation>API 密钥未被接受。请输入有效的密钥。</translation>
    </message>
    <message>
        <source>This model needs a paid balance. Top up or pick a free model.</source>
        <translation>此模型需要充值余额。请充值或换用免费模型。</translation>
    </message>
    <message>
        <source>Your account balance is not enough for this request. Top up and retry.</source>
        <translation>账户余额不足以完成此请求。请充值后重试。</translation>
    </message>
    <message>
        <source>The endpoint refused access (HTTP {status}).</source>
        <translation>端点拒绝访问（HTTP {status}）。</translation>
    </message>
    <message>
        <source>The endpoint has no chat-completions API at this address (HTTP 404). Check the base URL.</source>
        <translation>端点在此地址没有 chat-completions API（HTTP 404）。请检查 Base URL。</translation>
    </message>
    <message>
        <source>Rate limited ({limit}): the endpoint asks you to slow down.</source>
        <translation>触发限流（{limit}）：端点要求降低请求频率。</translation>
    </message>
    <message>
        <source>Rate limited: the endpoint asks you to slow down.</source>
        <translation>触发限流：端点要求降低请求频率。</translation>
    </message>
    <message>
        <source>The model service is overloaded right now. Try again shortly.</source>
        <translation>模型服务当前负载过高。请稍后再试。</translation>
    </message>
    <message>
        <source>The endpoint timed out waiting for the model (HTTP 504).</source>
        <translation>端点等待模型超时（HTTP 504）。</translation>
    </message>
    <message>
        <source>The endpoint had an internal error (HTTP {status}).</source>
        <translation>端点发生内部错误（HTTP {status}）。</translation>
    </message>
    <message>
        <source>The endpoint answered with HTTP {status}.</source>
        <translation>端点返回了 HTTP {status}。</translation>
    </message>
    <message>
        <source>Could not reach the endpoint in time. Check your network or proxy.</source>
        <translation>未能及时连接到端点。请检查网络或代理。</translation>
    </message>
    <message>
        <source>The answer stalled: the endpoint sent nothing for too long. What arrived is kept; you can continue or retry.</source>
        <translation>回答停滞：端点太长时间没有发送任何内容。已收到的内容已保留；可以继续或重试。</translation>
    </message>
    <message>
        <source>The endpoint did not answer in time. The model may be busy; retry, or raise the read timeout in settings.</source>
        <translation>端点未能及时响应。模型可能正忙；请重试，或在设置中调大读取超时。</translation>
    </message>
    <message>
        <source>The request timed out. Retry in a moment.</source>
        <translation>请求超时。请稍后重试。</translation>
    </message>
    <message>
        <source>The connection dropped before the answer was complete. What arrived is kept; you can continue or retry.</source>
        <translation>回答完成前连接已断开。已收到的内容已保留；可以继续或重试。</translation>
    </message>
    <message>
        <source>Could not connect to the endpoint. Check your network, the base URL and any proxy.</source>
        <translation>无法连接到端点。请检查网络、Base URL 和代理设置。</translation>
    </message>
    <message>
        <source>The base URL is not an http:// or https:// address. Check the endpoint settings.</source>
        <translation>Base URL 不是 http:// 或 https:// 地址。请检查端点设置。</translation>
    </message>
    <message>
        <source>The connection to the endpoint failed before an answer arrived. Check your network.</source>
        <translation>在收到回答之前，与端点的连接失败。请检查网络。</translation>
    </message>
    <message>
        <source>{error} The server said: “{said}”</source>
        <translation>{error}服务器原话：“{said}”</translation>
    </message>
    <message>
        <source>The endpoint&apos;s compressed answer is damaged and could not be read.</source>
        <translation>端点的压缩回答已损坏，无法读取。</translation>
    </message>
    <message>
        <source>The endpoint compressed its answer in a way SiliconDesk cannot read ({encoding}).</source>
        <translation>端点使用了 SiliconDesk 无法读取的压缩方式（{encoding}）。</translation>
    </message>
    <message>
        <source>The answer reached the limit of {count} characters, so SiliconDesk stopped reading it. What arrived is kept.</source>
        <translation>回答已达到 {count} 个字符的上限，SiliconDesk 已停止读取。已收到的内容会保留。</translation>
    </message>
    <message>
        <source>The endpoint sent one piece of the answer larger than {size} MB, so SiliconDesk stopped reading. What arrived before it is kept.</source>
        <translation>端点发送的一段回答超过 {size} MB，SiliconDesk 已停止读取。此前收到的内容会保留。</translation>
    </message>
    <message>
        <source>The endpoint&apos;s answer was larger than {size} MB, so SiliconDesk did not read it.</source>
        <translation>端点的回答超过 {size} MB，SiliconDesk 没有读取它。</translation>
    </message>
    <message>
        <source>The endpoint sent more answers than the {count} asked for (choice {index}), so SiliconDesk stopped reading. What arrived is kept.</source>
        <translation>端点发送的回答多于请求的 {count} 个（第 {index} 个），SiliconDesk 已停止读取。已收到的内容会保留。</translation>
    </message>
    <message>
        <source>The model asked for more than {count} tool calls (call {index}), so SiliconDesk stopped reading. What arrived is kept.</source>
        <translation>模型请求的工具调用超过 {count} 个（第 {index} 个），SiliconDesk 已停止读取。已收到的内容会保留。</translation>
    </message>
    <message>
        <source>No text for {seconds} s: the endpoint kept the connection open but sent no answer. What arrived is kept; you can retry.</source>
        <translation>{seconds} 秒没有收到文字：端点保持着连接，但没有发送回答。已收到的内容会保留；你可以重试。</translation>
    </message>
    <message>
        <source>The endpoint&apos;s answer could not be read ({kind}).</source>
        <translation>无法读取端点的回答（{kind}）。</translation>
    </message>
</context>
<context>
    <name>ApprovalCard</name>
    <message>
        <source>Deny</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Allow it to run</source>
        <translation>允许运行</translation>
    </message>
    <message>
        <source>Allow once</source>
        <translation>允许这一次</translation>
    </message>
    <message>
        <source>Always allow this tool</source>
        <translation>始终允许此工具</translation>
    </message>
    <message>
        <source>Run the tool {0} of the server {1}, with these arguments?</source>
        <translation>用以下参数运行服务器 {1} 的工具 {0} 吗？</translation>
    </message>
    <message>
        <source>The server {0} has not run on this computer yet. It would run:</source>
        <translation>服务器 {0} 还没有在这台电脑上运行过。它将运行：</translation>
    </message>
    <message>
        <source>With these environment variables set: {0}</source>
        <translation>并设置这些环境变量：{0}</translation>
    </message>
    <message>
        <source>With these headers: {0}</source>
        <translation>并带上这些请求头：{0}</translation>
    </message>
    <message>
        <source>It can do anything you can do on this computer. Allow it only if you trust it.</source>
        <translation>它能做你在这台电脑上能做的任何事。只有信任它时才允许。</translation>
    </message>
</context>
<context>
    <name>ArmRow</name>
    <message>
        <source>Start this arm from the panel, a preset or another arm</source>
        <translation>从参数面板、预设或另一个分组开始此分组</translation>
    </message>
    <message>
        <source>model=…,temperature=0.7,top_p=0.9,seed=3</source>
        <translation>model=…,temperature=0.7,top_p=0.9,seed=3</translation>
    </message>
    <message>
        <source>Request fields of this arm</source>
        <translation>此分组的请求字段</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Arm {0}</source>
        <translation>分组 {0}</translation>
    </message>
</context>
<context>
    <name>ArmsEditor</name>
    <message>
        <source>Add arm</source>
        <translation>添加分组</translation>
    </message>
    <message>
        <source>Start from…</source>
        <translation>开始于…</translation>
    </message>
    <message>
        <source>The panel</source>
        <translation>参数面板</translation>
    </message>
    <message>
        <source>Preset: {0}</source>
        <translation>预设：{0}</translation>
    </message>
    <message>
        <source>Arm {0}</source>
        <translation>分组 {0}</translation>
    </message>
    <message>
        <source>same as arm 1</source>
        <translation>与分组 1 相同</translation>
    </message>
</context>
<context>
    <name>AttachFlow</name>
    <message>
        <source>Pasted image</source>
        <translation>粘贴的图片</translation>
    </message>
    <message>
        <source>The attachments are still being prepared; send when they show.</source>
        <translation>附件仍在处理中；显示出来后再发送。</translation>
    </message>
    <message>
        <source>This model</source>
        <translation>此模型</translation>
    </message>
    <message>
        <source>{0} is not known to see images. Send the images anyway, or pick a vision model.</source>
        <translation>未知 {0} 能否看图。仍然发送这些图片，或选择一个视觉模型。</translation>
    </message>
</context>
<context>
    <name>AttachmentChip</name>
    <message>
        <source>Detail: auto</source>
        <translation>细节：自动</translation>
    </message>
    <message>
        <source>Detail: low</source>
        <translation>细节：低</translation>
    </message>
    <message>
        <source>Detail: high</source>
        <translation>细节：高</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <source>How closely the model looks at the image (low: fewer tokens)</source>
        <translation>模型查看图片的精细程度（低：更少 token）</translation>
    </message>
    <message>
        <source>Remove {0}</source>
        <translation>移除 {0}</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>PDF, {0} pages of text</source>
        <translation>PDF，{0} 页文字</translation>
    </message>
    <message>
        <source>{0}×{1} · ≈{2} tokens</source>
        <translation>{0}×{1} · 约 {2} 个 token</translation>
    </message>
    <message>
        <source>Estimated for Qwen-style vision models: one token per 28×28 pixels</source>
        <translation>按 Qwen 类视觉模型估算：每 28×28 像素一个 token</translation>
    </message>
</context>
<context>
    <name>AttachmentSettings</name>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source> KB</source>
        <translation> KB</translation>
    </message>
    <message>
        <source>Longest side of a sent image</source>
        <translation>发送图片的最长边</translation>
    </message>
    <message>
        <source>Images sent again with the history</source>
        <translation>随历史重新发送的图片数</translation>
    </message>
    <message>
        <source>Text per attached file, at most</source>
        <translation>每个附件文件的文字上限</translation>
    </message>
    <message>
        <source>Images are downscaled and stripped of their metadata (such as the GPS position) before they are sent and stored. Older images beyond the number above are named in the request instead of sent again, which saves tokens.</source>
        <translation>图片在发送和保存前会被缩小，并去除元数据（如 GPS 位置）。超出上述数量的较早图片在请求中只写出名称、不再重新发送，以节省 token。</translation>
    </message>
</context>
<context>
    <name>AttachmentStrip</name>
    <message>
        <source>{0} ({1}×{2}) — click to view</source>
        <translation>{0}（{1}×{2}）— 点击查看</translation>
    </message>
</context>
<context>
    <name>Attachments</name>
    <message>
        <source>{name} cannot be attached: {reason}.</source>
        <translation>{name} 无法附加：{reason}。</translation>
    </message>
    <message>
        <source>{name} could not be read: {reason}.</source>
        <translation>无法读取 {name}：{reason}。</translation>
    </message>
    <message>
        <source>{name} is empty, so there is nothing to attach.</source>
        <translation>{name} 是空文件，没有可附加的内容。</translation>
    </message>
    <message>
        <source>it has no PDF header</source>
        <translation>它没有 PDF 文件头</translation>
    </message>
    <message>
        <source>{name} is not a text, code, PDF or image file, so it cannot be attached.</source>
        <translation>{name} 不是文本、代码、PDF 或图片文件，无法附加。</translation>
    </message>
    <message>
        <source>{name} is {width}×{height} pixels; images of up to {limit} megapixels can be attached.</source>
        <translation>{name} 为 {width}×{height} 像素；最多可附加 {limit} 百万像素的图片。</translation>
    </message>
    <message>
        <source>{name} has more pixels than an attachment may have (up to {limit} megapixels).</source>
        <translation>{name} 的像素超出附件上限（最多 {limit} 百万像素）。</translation>
    </message>
    <message>
        <source>{name} is not an image SiliconDesk can read (its format is not recognised).</source>
        <translation>{name} 不是 SiliconDesk 能读取的图片（无法识别其格式）。</translation>
    </message>
    <message>
        <source>{name} is not an image SiliconDesk can read ({reason}).</source>
        <translation>{name} 不是 SiliconDesk 能读取的图片（{reason}）。</translation>
    </message>
    <message>
        <source>{name} is not a text file SiliconDesk can read (it is not UTF-8, UTF-16, GB18030, EUC-KR or Windows-1252 text), so it cannot be attached. Save it as UTF-8 and attach it again.</source>
        <translation>{name} 不是 SiliconDesk 能读取的文本文件（不是 UTF-8、UTF-16、GB18030、EUC-KR 或 Windows-1252 文本），无法附加。请另存为 UTF-8 后再附加。</translation>
    </message>
    <message>
        <source>{name} has {size} KB of text; up to {limit} KB of text per file can be attached (Settings → Attachments).</source>
        <translation>{name} 含 {size} KB 文字；每个文件最多可附加 {limit} KB 文字（设置 → 附件）。</translation>
    </message>
    <message>
        <source>{name} is protected by a password, so its text cannot be read.</source>
        <translation>{name} 受密码保护，无法读取其文字。</translation>
    </message>
    <message>
        <source>{name} has {pages} pages; PDFs of up to {limit} pages can be attached.</source>
        <translation>{name} 有 {pages} 页；最多可附加 {limit} 页的 PDF。</translation>
    </message>
    <message>
        <source>{name} is not a PDF SiliconDesk can read ({reason}).</source>
        <translation>{name} 不是 SiliconDesk 能读取的 PDF（{reason}）。</translation>
    </message>
    <message>
        <source>{name} was removed.</source>
        <translation>{name} 已移除。</translation>
    </message>
    <message>
        <source>{name} has no text layer (it is probably scanned pages), so there is no text to send. Attach the pages as images instead.</source>
        <translation>{name} 没有文字层（可能是扫描页面），没有可发送的文字。请改为把页面作为图片附加。</translation>
    </message>
    <message>
        <source>{name} is a folder; attach the files in it instead.</source>
        <translation>{name} 是文件夹；请附加其中的文件。</translation>
    </message>
    <message>
        <source>{0} bytes</source>
        <translation>{0} 字节</translation>
    </message>
    <message>
        <source>{0} KB</source>
        <translation>{0} KB</translation>
    </message>
    <message>
        <source>{0} MB</source>
        <translation>{0} MB</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <source>Cancel</source>
        <translation>取消重试</translation>
    </message>
    <message>
        <source>Cancel edit</source>
        <translation>取消编辑</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Send anyway</source>
        <translation>仍然发送</translation>
    </message>
    <message>
        <source>Pick a vision model</source>
        <translation>选择视觉模型</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop (Esc)</source>
        <translation>停止（Esc）</translation>
    </message>
    <message>
        <source>Attach…</source>
        <translation>附件…</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>附加文件</translation>
    </message>
    <message>
        <source>Attach images, text, code or PDF files (or paste or drop them)</source>
        <translation>附加图片、文本、代码或 PDF 文件（也可粘贴或拖放）</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Ask anything… (Ctrl+Enter to send)</source>
        <translation>想问什么都可以……（Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <source>Ask anything… (Enter to send, Shift+Enter for a new line)</source>
        <translation>想问什么都可以……（Enter 发送，Shift+Enter 换行）</translation>
    </message>
</context>
<context>
    <name>ConversationActions</name>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <source>Pin to top</source>
        <translation>置顶</translation>
    </message>
    <message>
        <source>Move to folder…</source>
        <translation>移到文件夹……</translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation>导出为 Markdown……</translation>
    </message>
    <message>
        <source>Export as HTML…</source>
        <translation>导出为 HTML……</translation>
    </message>
    <message>
        <source>Export as PDF…</source>
        <translation>导出为 PDF……</translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation>导出为 JSON……</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印……</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Export all conversations (JSON)…</source>
        <translation>导出全部对话（JSON）……</translation>
    </message>
    <message>
        <source>Import (SiliconDesk JSON or ChatGPT export)…</source>
        <translation>导入（SiliconDesk JSON 或 ChatGPT 导出文件）……</translation>
    </message>
    <message>
        <source>Exporting to {0}…</source>
        <translation>正在导出到 {0}…</translation>
    </message>
    <message>
        <source>Could not write {0}: {1}</source>
        <translation>无法写入 {0}：{1}</translation>
    </message>
    <message>
        <source>Exported to {0}</source>
        <translation>已导出到 {0}</translation>
    </message>
    <message>
        <source>Preparing “{0}” for printing…</source>
        <translation>正在准备打印“{0}”…</translation>
    </message>
    <message>
        <source>Could not print: {0}</source>
        <translation>无法打印：{0}</translation>
    </message>
    <message>
        <source>Sent “{0}” to the printer</source>
        <translation>已将“{0}”发送到打印机</translation>
    </message>
    <message>
        <source>Importing {0}…</source>
        <translation>正在导入 {0}…</translation>
    </message>
    <message>
        <source>Import cancelled; nothing was changed.</source>
        <translation>已取消导入；没有任何改动。</translation>
    </message>
    <message>
        <source>{0} was not imported, nothing was changed: {1}</source>
        <translation>{0} 未导入，没有任何改动：{1}</translation>
    </message>
    <message>
        <source>Could not read {0}: {1}</source>
        <translation>无法读取 {0}：{1}</translation>
    </message>
    <message>
        <source>, {0} already present</source>
        <translation>，{0} 个已存在</translation>
    </message>
    <message>
        <source>, {0} without any readable message left out</source>
        <translation>，{0} 个没有可读消息的对话未导入</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n conversation(s){0}.</source>
        <translation>
            <numerusform>已导入 %n 个对话{0}。</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleted “{0}”</source>
        <translation>已删除“{0}”</translation>
    </message>
</context>
<context>
    <name>ConversationModel</name>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
</context>
<context>
    <name>DiffView</name>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>with</source>
        <translation>与</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>正在比较…</translation>
    </message>
</context>
<context>
    <name>DistributionChart</name>
    <message>
        <source>Next-token distribution</source>
        <translation>下一个 token 的概率分布</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
</context>
<context>
    <name>Endpoint</name>
    <message>
        <source>“{name}” is not a header name.</source>
        <translation>“{name}”不是有效的请求头名称。</translation>
    </message>
    <message>
        <source>“{name}” is set by SiliconDesk itself.</source>
        <translation>“{name}”由 SiliconDesk 自行设置。</translation>
    </message>
    <message>
        <source>The value of “{name}” must be one line.</source>
        <translation>“{name}”的值必须是一行。</translation>
    </message>
    <message>
        <source>The base URL must start with http:// or https://.</source>
        <translation>Base URL 必须以 http:// 或 https:// 开头。</translation>
    </message>
    <message>
        <source>The base URL needs a host name, e.g. http://localhost:11434/v1.</source>
        <translation>Base URL 需要包含主机名，例如 http://localhost:11434/v1。</translation>
    </message>
    <message>
        <source>The base URL cannot contain ? or #.</source>
        <translation>Base URL 不能包含 ? 或 #。</translation>
    </message>
</context>
<context>
    <name>EndpointEditor</name>
    <message>
        <source>Write each header as Name: value.</source>
        <translation>每个请求头请写成“名称: 值”。</translation>
    </message>
    <message>
        <source>Edit endpoint</source>
        <translation>编辑端点</translation>
    </message>
    <message>
        <source>No key needed (a local server)</source>
        <translation>无需密钥（本地服务器）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Base URL</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>请求头</translation>
    </message>
    <message>
        <source>Give the endpoint a name.</source>
        <translation>请为端点命名。</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Tool result</source>
        <translation>工具结果</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>思考过程</translation>
    </message>
    <message>
        <source>Tool call</source>
        <translation>工具调用</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>SiliconDesk export</source>
        <translation>SiliconDesk 导出</translation>
    </message>
</context>
<context>
    <name>ExtraFields</name>
    <message>
        <source>is longer than {limit} characters.</source>
        <translation>超过了 {limit} 个字符。</translation>
    </message>
    <message>
        <source>is not valid JSON.</source>
        <translation>不是有效的 JSON。</translation>
    </message>
    <message>
        <source>is not valid JSON (line {line}).</source>
        <translation>不是有效的 JSON（第 {line} 行）。</translation>
    </message>
    <message>
        <source>must be a JSON object, like {example}.</source>
        <translation>必须是 JSON 对象，例如 {example}。</translation>
    </message>
    <message>
        <source>cannot set {fields}: the request sets them itself.</source>
        <translation>不能设置 {fields}：请求本身会设置它们。</translation>
    </message>
    <message>
        <source>sets {fields}, which has its own field above; set it there.</source>
        <translation>设置了 {fields}，上方已有对应的字段；请在那里设置。</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>More fields (JSON object)</source>
        <translation>更多字段（JSON 对象）</translation>
    </message>
    <message>
        <source>Fields the endpoint takes beyond those above, merged into the request body as typed. model, messages and stream cannot be set here.</source>
        <translation>端点接受的上方以外的字段，按原样合并到请求体中。此处不能设置 model、消息列表和 stream。</translation>
    </message>
    <message>
        <source>must be a whole number; “{0}” is not.</source>
        <translation>必须是整数；“{0}”不是。</translation>
    </message>
</context>
<context>
    <name>Failure</name>
    <message>
        <source>The disk is full: the answer could not be saved completely. What arrived is kept as far as it fits; free some space and retry.</source>
        <translation>磁盘已满：回答未能完整保存。已收到的内容在空间允许的范围内保留；请释放一些空间后重试。</translation>
    </message>
    <message>
        <source>The endpoint sent text that could not be decoded. What arrived is kept; you can retry.</source>
        <translation>端点发来的文本无法解码。已收到的内容已保留；可以重试。</translation>
    </message>
    <message>
        <source>The answer was nested too deeply to be read. What arrived is kept; you can retry.</source>
        <translation>回答的嵌套层级太深，无法读取。已收到的内容已保留；可以重试。</translation>
    </message>
    <message>
        <source>The answer was too large to hold in memory. What arrived is kept.</source>
        <translation>回答太大，无法放入内存。已收到的内容已保留。</translation>
    </message>
    <message>
        <source>The history could not be written ({kind}). What arrived is kept on screen; you can retry.</source>
        <translation>无法写入历史记录（{kind}）。已收到的内容仍显示在屏幕上；可以重试。</translation>
    </message>
    <message>
        <source>Something went wrong in SiliconDesk ({kind}). What arrived is kept; you can retry.</source>
        <translation>SiliconDesk 内部出错（{kind}）。已收到的内容已保留；可以重试。</translation>
    </message>
</context>
<context>
    <name>FileChip</name>
    <message>
        <source>PDF, {0} pages</source>
        <translation>PDF，{0} 页</translation>
    </message>
    <message>
        <source>Show the text the model was sent</source>
        <translation>显示发送给模型的文字</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>it is not a regular file</source>
        <translation>它不是普通文件</translation>
    </message>
    <message>
        <source>it is {size} bytes, more than the {cap} allowed</source>
        <translation>它有 {size} 字节，超过了允许的 {cap} 字节</translation>
    </message>
    <message>
        <source>it grew past the {cap} bytes allowed while being read</source>
        <translation>读取期间它增长到超过允许的 {cap} 字节</translation>
    </message>
    <message>
        <source>it is nested too deeply</source>
        <translation>它的嵌套层级过深</translation>
    </message>
    <message>
        <source>it is not valid JSON</source>
        <translation>它不是有效的 JSON</translation>
    </message>
    <message>
        <source>it is not a JSON object</source>
        <translation>它不是 JSON 对象</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <source>The history file was damaged. It is kept at {path}; {conversations} ({messages}) could be read from it and are in the new history.</source>
        <translation>历史记录文件已损坏，原文件保存在 {path}；从中读出了 {conversations}（{messages}），已放入新的历史记录。</translation>
    </message>
    <message>
        <source>%n conversation(s)</source>
        <translation>%n 个对话</translation>
    </message>
    <message>
        <source>%n message(s)</source>
        <translation>%n 条消息</translation>
    </message>
    <message>
        <source>A write-ahead log beside the history did not belong to it and was not applied. It is kept, with a copy of the history as it was, at {path}.</source>
        <translation>历史记录旁的预写日志（-wal）不属于它，未被应用。该日志连同历史记录原样的副本保存在 {path}。</translation>
    </message>
    <message>
        <source>The write-ahead log beside {path} does not belong to it ({reason}), so both were left as they are. Start SiliconDesk to set the log aside.</source>
        <translation>{path} 旁的预写日志不属于它（{reason}），因此两个文件都保持原样。请启动 SiliconDesk 把该日志移到一旁。</translation>
    </message>
    <message>
        <source>The history file {path} is damaged, so it was left as it is. Start SiliconDesk to recover what can still be read from it.</source>
        <translation>历史记录文件 {path} 已损坏，因此保持原样未动。请启动 SiliconDesk，以恢复其中仍可读取的内容。</translation>
    </message>
    <message>
        <source>The history in {path} was written by a newer version of SiliconDesk (schema {version}; this version reads up to {supported}). It has not been changed. Update SiliconDesk, or start it with another --data-dir.</source>
        <translation>{path} 中的历史记录由更新版本的 SiliconDesk 写入（结构版本 {version}；本版本最高支持 {supported}）。文件未被改动。请升级 SiliconDesk，或用其他 --data-dir 启动。</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>Copy image</source>
        <translation>复制图片</translation>
    </message>
</context>
<context>
    <name>Import</name>
    <message>
        <source>{where}: {what}</source>
        <translation>{where}：{what}</translation>
    </message>
    <message>
        <source>must be text, found {value}</source>
        <translation>必须是文本，实际为 {value}</translation>
    </message>
    <message>
        <source>is longer than {limit} characters</source>
        <translation>超过 {limit} 个字符</translation>
    </message>
    <message>
        <source>must be an object or null</source>
        <translation>必须是对象或 null</translation>
    </message>
    <message>
        <source>{value} is not an ISO 8601 time</source>
        <translation>{value} 不是 ISO 8601 时间</translation>
    </message>
    <message>
        <source>this SiliconDesk reads version {ours}, the file is {theirs}</source>
        <translation>本版 SiliconDesk 读取版本 {ours}，该文件为 {theirs}</translation>
    </message>
    <message>
        <source>must be a list</source>
        <translation>必须是列表</translation>
    </message>
    <message>
        <source>must be a list of objects</source>
        <translation>必须是对象列表</translation>
    </message>
    <message>
        <source>message id {value} appears twice</source>
        <translation>消息 ID {value} 出现了两次</translation>
    </message>
    <message>
        <source>{path} cannot be imported: {reason}</source>
        <translation>无法导入 {path}：{reason}</translation>
    </message>
    <message>
        <source>{path} cannot be read: {reason}</source>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
    <message>
        <source>the file is larger than {limit} MB</source>
        <translation>文件大于 {limit} MB</translation>
    </message>
    <message>
        <source>the file is not valid JSON (at line {line}, column {column})</source>
        <translation>该文件不是有效的 JSON（第 {line} 行，第 {column} 列）</translation>
    </message>
    <message>
        <source>the file is not valid JSON</source>
        <translation>该文件不是有效的 JSON</translation>
    </message>
    <message>
        <source>conversation {conversation}: message id {value} is already in the history, in another conversation</source>
        <translation>对话 {conversation}：消息 ID {value} 已存在于历史记录的另一个对话中</translation>
    </message>
    <message>
        <source>has more than {limit} attachments</source>
        <translation>附件超过 {limit} 个</translation>
    </message>
    <message>
        <source>must be an object</source>
        <translation>必须是对象</translation>
    </message>
    <message>
        <source>{value} is not one of image, text, pdf</source>
        <translation>{value} 不是 image、text、pdf 之一</translation>
    </message>
    <message>
        <source>must be a short text</source>
        <translation>必须是简短的文本</translation>
    </message>
    <message>
        <source>{value} is not an image type SiliconDesk shows (PNG, JPEG, WebP, GIF)</source>
        <translation>{value} 不是 SiliconDesk 可显示的图片类型（PNG、JPEG、WebP、GIF）</translation>
    </message>
    <message>
        <source>must be a small object of plain values</source>
        <translation>必须是只含简单值的小对象</translation>
    </message>
    <message>
        <source>must be base64 text</source>
        <translation>必须是 base64 文本</translation>
    </message>
    <message>
        <source>does not match the attachment&apos;s data</source>
        <translation>与附件数据不符</translation>
    </message>
    <message>
        <source>a file&apos;s text must be UTF-8</source>
        <translation>文件的文字必须是 UTF-8</translation>
    </message>
    <message>
        <source>is not a {mime} image</source>
        <translation>不是 {mime} 图片</translation>
    </message>
    <message>
        <source>must be a number of pixels from 1 to {limit}</source>
        <translation>必须是 1 到 {limit} 之间的像素数</translation>
    </message>
    <message>
        <source>must be a number of seconds, found {value}</source>
        <translation>必须是秒数，实际为 {value}</translation>
    </message>
    <message>
        <source>must be a count of tokens, found {value}</source>
        <translation>必须是词元数，实际为 {value}</translation>
    </message>
    <message>
        <source>is not a saved sentence</source>
        <translation>不是已保存的句子</translation>
    </message>
    <message>
        <source>may only contain text and {{name}} fields that have a value</source>
        <translation>只能包含文字和有值的 {{name}} 字段</translation>
    </message>
    <message>
        <source>must be text or null</source>
        <translation>必须是文本或 null</translation>
    </message>
    <message>
        <source>must be a number, text or null</source>
        <translation>必须是数字、文本或 null</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>必须是 true 或 false</translation>
    </message>
    <message>
        <source>{value} appears twice</source>
        <translation>{value} 出现了两次</translation>
    </message>
    <message>
        <source>{value} is not an earlier message of this conversation</source>
        <translation>{value} 不是此对话中更早的消息</translation>
    </message>
    <message>
        <source>{value} is not one of system, user, assistant, tool</source>
        <translation>{value} 不是 system、user、assistant、tool 之一</translation>
    </message>
    <message>
        <source>{value} is not a status</source>
        <translation>{value} 不是有效的状态</translation>
    </message>
    <message>
        <source>must be a list or null</source>
        <translation>必须是列表或 null</translation>
    </message>
    <message>
        <source>the text is longer than {limit} characters</source>
        <translation>文本超过 {limit} 个字符</translation>
    </message>
    <message>
        <source>the nodes from {node} form a cycle: none of them leads back to the start of the conversation</source>
        <translation>从 {node} 开始的节点构成了循环：没有一个能回到对话的开头</translation>
    </message>
    <message>
        <source>is not a ChatGPT conversation (no &apos;mapping&apos;)</source>
        <translation>不是 ChatGPT 对话（没有 &apos;mapping&apos;）</translation>
    </message>
    <message>
        <source>the file is not UTF-8 text</source>
        <translation>文件不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>the file is nested too deeply</source>
        <translation>文件嵌套层级过深</translation>
    </message>
    <message>
        <source>the file has a shape SiliconDesk cannot read ({error})</source>
        <translation>文件的结构 SiliconDesk 无法读取（{error}）</translation>
    </message>
    <message>
        <source>the file is neither a SiliconDesk export (&quot;format&quot;: &quot;silicondesk&quot;) nor ChatGPT&apos;s conversations.json</source>
        <translation>文件既不是 SiliconDesk 导出文件（&quot;format&quot;: &quot;silicondesk&quot;），也不是 ChatGPT 的 conversations.json</translation>
    </message>
    <message>
        <source>must be an object with an id</source>
        <translation>必须是带 id 的对象</translation>
    </message>
    <message>
        <source>{value} is not a message of this conversation</source>
        <translation>{value} 不是此对话中的消息</translation>
    </message>
</context>
<context>
    <name>KeyDialog</name>
    <message>
        <source>API key — {0}</source>
        <translation>API 密钥 — {0}</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Keep for this session only</source>
        <translation>仅在本次运行中保留</translation>
    </message>
    <message>
        <source>SiliconDesk needs an API key for {0}. Keys are made at {1}.</source>
        <translation>SiliconDesk 需要“{0}”的 API 密钥。密钥可在 {1} 创建。</translation>
    </message>
    <message>
        <source>SiliconDesk needs the API key for {0}, as that server gives it (a local server may take any text).</source>
        <translation>SiliconDesk 需要 {0} 的 API 密钥，以该服务器提供的为准（本地服务器可能接受任意文本）。</translation>
    </message>
    <message>
        <source>{0} The key will be kept for this session only. To skip this step, start SiliconDesk with the SILICONFLOW_API_KEY environment variable set.</source>
        <translation>{0}密钥只会在本次运行中保留。若想跳过这一步，可设置环境变量 SILICONFLOW_API_KEY 后启动 SiliconDesk。</translation>
    </message>
    <message>
        <source>The key is kept in your system keyring.</source>
        <translation>密钥保存在系统密钥环中。</translation>
    </message>
    <message>
        <source>Test and save</source>
        <translation>测试并保存</translation>
    </message>
    <message>
        <source>Save without testing</source>
        <translation>不测试直接保存</translation>
    </message>
    <message>
        <source>Checking the key…</source>
        <translation>正在检查密钥……</translation>
    </message>
    <message>
        <source>{0} The key could not be checked; you can save it without testing.</source>
        <translation>{0}无法检查该密钥；你可以不测试直接保存。</translation>
    </message>
    <message>
        <source>{0} Try again, or keep the key for this session only.</source>
        <translation>{0}请重试，或仅在本次运行中保留密钥。</translation>
    </message>
</context>
<context>
    <name>KeyFlow</name>
    <message>
        <source>The endpoint asks for a key (HTTP 401), but it is set as “No key needed”. Edit it in Settings → Endpoints, then set its key.</source>
        <translation>端点要求提供密钥（HTTP 401），但它被设置为“无需密钥”。请在“设置 → 端点”中编辑它，然后设置密钥。</translation>
    </message>
    <message>
        <source>The API key was not accepted (HTTP 401). Enter a valid key; your message is kept, use Retry to send it again.</source>
        <translation>API 密钥未被接受（HTTP 401）。请输入有效的密钥；你的消息已保留，可点“重试”再次发送。</translation>
    </message>
    <message>
        <source>Model list not loaded: {0}</source>
        <translation>未能加载模型列表：{0}</translation>
    </message>
</context>
<context>
    <name>Keyring</name>
    <message>
        <source>A scripted run keeps no key.</source>
        <translation>脚本运行不保存密钥。</translation>
    </message>
    <message>
        <source>The system keyring is not open yet.</source>
        <translation>系统密钥环尚未打开。</translation>
    </message>
    <message>
        <source>The system keyring did not answer. It may be waiting for you to unlock it; unlock it and try again.</source>
        <translation>系统密钥环没有响应，可能正在等待你解锁；请解锁后重试。</translation>
    </message>
    <message>
        <source>The only keyring available keeps keys in a file on disk (keyrings.alt), where backups and other programs can read them.</source>
        <translation>唯一可用的密钥环把密钥存放在磁盘文件中（keyrings.alt），备份和其他程序都能读取。</translation>
    </message>
    <message>
        <source>No system keyring is available (no Secret Service, KWallet, Keychain or Credential Locker was found).</source>
        <translation>没有可用的系统密钥环（未找到 Secret Service、KWallet、钥匙串或凭据管理器）。</translation>
    </message>
    <message>
        <source>The keyring backend {name} is not one SiliconDesk knows to be safe.</source>
        <translation>密钥环后端 {name} 不在 SiliconDesk 已知安全的列表中。</translation>
    </message>
    <message>
        <source>No system keyring is available.</source>
        <translation>没有可用的系统密钥环。</translation>
    </message>
    <message>
        <source>The system keyring is locked. Unlock it (you may be asked for your login password) and try again.</source>
        <translation>系统密钥环已锁定。请解锁（可能需要输入登录密码）后重试。</translation>
    </message>
    <message>
        <source>The system keyring could not be opened. Check that it is running, then try again.</source>
        <translation>无法打开系统密钥环。请确认它正在运行，然后重试。</translation>
    </message>
    <message>
        <source>The system keyring refused to store the key.</source>
        <translation>系统密钥环拒绝保存该密钥。</translation>
    </message>
    <message>
        <source>The system keyring failed ({kind}). Try again.</source>
        <translation>系统密钥环出错（{kind}）。请重试。</translation>
    </message>
    <message>
        <source>{reason} The key was not stored.</source>
        <translation>{reason}密钥未保存。</translation>
    </message>
</context>
<context>
    <name>Lab</name>
    <message>
        <source>“{part}” is not FIELD=VALUE (an arm is written model=…,temperature=…).</source>
        <translation>“{part}” 不是 字段=值 的形式（分组写作 model=…,temperature=…）。</translation>
    </message>
    <message>
        <source>“{text}” is not FIELD=V1,V2,… (a sweep is written temperature=0,0.5,1.0).</source>
        <translation>“{text}” 不是 字段=值1,值2,… 的形式（扫描写作 temperature=0,0.5,1.0）。</translation>
    </message>
    <message>
        <source>Not sent: arm {arm}: {field}: {problem}</source>
        <translation>未发送：分组 {arm}：{field}：{problem}</translation>
    </message>
</context>
<context>
    <name>LabColumn</name>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Pick this one</source>
        <translation>选这个</translation>
    </message>
    <message>
        <source>Use these parameters</source>
        <translation>使用这些参数</translation>
    </message>
    <message>
        <source>Save as preset…</source>
        <translation>另存为预设…</translation>
    </message>
    <message>
        <source>Arm {0}</source>
        <translation>分组 {0}</translation>
    </message>
    <message>
        <source> · sample {0}</source>
        <translation> · 样本 {0}</translation>
    </message>
    <message>
        <source>(the others are compared with this one)</source>
        <translation>（其他分组都与此分组比较）</translation>
    </message>
    <message>
        <source>first token {0:.2f} s</source>
        <translation>首个词元 {0:.2f} 秒</translation>
    </message>
    <message>
        <source>{0:.1f} tokens/s</source>
        <translation>{0:.1f} 词元/秒</translation>
    </message>
    <message>
        <source>prompt {0}</source>
        <translation>提示 {0}</translation>
    </message>
    <message>
        <source>completion {0}</source>
        <translation>生成 {0}</translation>
    </message>
    <message>
        <source>reasoning {0}</source>
        <translation>推理 {0}</translation>
    </message>
    <message>
        <source>finish: {0}</source>
        <translation>结束原因：{0}</translation>
    </message>
    <message>
        <source>took {0:.2f} s</source>
        <translation>用时 {0:.2f} 秒</translation>
    </message>
    <message>
        <source>{0} Retrying in {1} s…</source>
        <translation>{0} {1} 秒后重试…</translation>
    </message>
    <message>
        <source>Picked</source>
        <translation>已选</translation>
    </message>
</context>
<context>
    <name>LabFlow</name>
    <message>
        <source>Save preset</source>
        <translation>保存预设</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
</context>
<context>
    <name>LabWindow</name>
    <message>
        <source>Parameter lab</source>
        <translation>参数实验室</translation>
    </message>
    <message>
        <source>With the attachments: {0}</source>
        <translation>附带附件：{0}</translation>
    </message>
    <message>
        <source>values, e.g. 0,0.5,1.0,1.5</source>
        <translation>取值，例如 0,0.5,1.0,1.5</translation>
    </message>
    <message>
        <source>Ask with n</source>
        <translation>用 n 请求</translation>
    </message>
    <message>
        <source>One request per value with n = samples instead of one request per sample; samples a model does not return as choices are asked for one by one</source>
        <translation>每个取值发一个 n = 样本数的请求，而不是每个样本一个请求；模型未作为选项返回的样本会逐个补发请求</translation>
    </message>
    <message>
        <source>Blind: hide labels and shuffle</source>
        <translation>盲测：隐藏标签并打乱顺序</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>汇总</translation>
    </message>
    <message>
        <source>Diff</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message numerus="yes">
        <source>This run posts %n request(s). Send them?</source>
        <translation>
            <numerusform>本次运行将发送 %n 个请求。要发送吗？</numerusform>
        </translation>
    </message>
    <message>
        <source>A lab compares at least 2 requests: add an arm, a sweep or samples.</source>
        <translation>实验至少比较 2 个请求：请添加分组、扫描或样本。</translation>
    </message>
    <message>
        <source>Type the prompt first.</source>
        <translation>请先输入提示词。</translation>
    </message>
    <message>
        <source>Answer {0}</source>
        <translation>回答 {0}</translation>
    </message>
    <message>
        <source>Arm {0}</source>
        <translation>分组 {0}</translation>
    </message>
</context>
<context>
    <name>Legend</name>
    <message>
        <source>Probability:</source>
        <translation>概率：</translation>
    </message>
</context>
<context>
    <name>LinkConfirmDialog</name>
    <message>
        <source>Open link</source>
        <translation>打开链接</translation>
    </message>
    <message>
        <source>Open this address in your browser? It goes to {0}</source>
        <translation>在浏览器中打开这个地址吗？它指向 {0}</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Links of this kind are not opened.</source>
        <translation>不会打开这类链接。</translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation>复制地址</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>The address contains invisible characters that can make it read differently; they are shown encoded (%E2%80%AE and the like).</source>
        <translation>地址中含有不可见字符，可能让它看起来像另一个地址；这些字符以编码形式显示（如 %E2%80%AE）。</translation>
    </message>
    <message>
        <source>The address starts with “{0}@”: that is a user name, not the site. The site is {1}.</source>
        <translation>地址以“{0}@”开头：这是用户名，不是网站。真正的网站是 {1}。</translation>
    </message>
    <message>
        <source>The site&apos;s name uses international letters; it is shown encoded (xn--…), as your browser will look it up.</source>
        <translation>网站名称含有非 ASCII 字符；这里以编码形式（xn--…）显示，浏览器也将按此查找。</translation>
    </message>
    <message>
        <source>The site&apos;s name mixes alphabets (for example Latin and Cyrillic letters that look alike): it may imitate another site.</source>
        <translation>网站名称混用了不同文字（例如外形相似的拉丁字母和西里尔字母）：它可能在冒充另一个网站。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>SiliconDesk — {0}</source>
        <translation>SiliconDesk — {0}</translation>
    </message>
    <message>
        <source>SiliconDesk — chat with SiliconFlow and any OpenAI-compatible endpoint.

Type a message below and press Enter.</source>
        <translation>SiliconDesk — 与 SiliconFlow 及任何兼容 OpenAI 的端点对话。

在下方输入消息，按 Enter 发送。</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Copy last answer</source>
        <translation>复制最后一条回答</translation>
    </message>
    <message>
        <source>Toggle parameters</source>
        <translation>显示/隐藏参数面板</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>比较…</translation>
    </message>
    <message>
        <source>Paste into the message</source>
        <translation>粘贴到消息</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Import (SiliconDesk JSON or ChatGPT export)…</source>
        <translation>导入（SiliconDesk JSON 或 ChatGPT 导出文件）……</translation>
    </message>
    <message>
        <source>Export all conversations (JSON)…</source>
        <translation>导出全部对话（JSON）……</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>API key…</source>
        <translation>API 密钥…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>About SiliconDesk</source>
        <translation>关于 SiliconDesk</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Enter (or Ctrl+Enter, in Settings)</source>
        <translation>Enter（或 Ctrl+Enter，可在设置中切换）</translation>
    </message>
    <message>
        <source>New line</source>
        <translation>换行</translation>
    </message>
    <message>
        <source>Shift+Enter</source>
        <translation>Shift+Enter</translation>
    </message>
    <message>
        <source>The history file failed its integrity check. It is kept at {0}; a new one was started.</source>
        <translation>历史记录文件未通过完整性检查，已保留在 {0}；已新建一个历史记录文件。</translation>
    </message>
</context>
<context>
    <name>Markdown</name>
    <message>
        <source>[image: {alt}]</source>
        <translation>[图片：{alt}]</translation>
    </message>
    <message>
        <source>[image]</source>
        <translation>[图片]</translation>
    </message>
    <message>
        <source>(%n more line(s): Copy has them all)</source>
        <translation>（还有 %n 行：“复制”可得到全部内容）</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>(table cut at {rows} rows)</source>
        <translation>（表格只显示前 {rows} 行）</translation>
    </message>
</context>
<context>
    <name>MessageActions</name>
    <message>
        <source>Code copied</source>
        <translation>代码已复制</translation>
    </message>
    <message>
        <source>The API key was not accepted.</source>
        <translation>API 密钥未被接受。</translation>
    </message>
    <message>
        <source>Answer copied</source>
        <translation>回答已复制</translation>
    </message>
    <message>
        <source>Links of this kind are not opened: {0}</source>
        <translation>此类链接不会被打开：{0}</translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Fix the key</source>
        <translation>修改密钥</translation>
    </message>
    <message>
        <source>Pick another model</source>
        <translation>换一个模型</translation>
    </message>
    <message>
        <source>Open parameters</source>
        <translation>打开参数</translation>
    </message>
    <message>
        <source>Send fewer earlier messages</source>
        <translation>少发送一些较早的消息</translation>
    </message>
    <message>
        <source>Endpoint settings</source>
        <translation>端点设置</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>比较…</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>With current parameters</source>
        <translation>用当前参数重新生成</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Probabilities</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Tool result</source>
        <translation>工具结果</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>Previous version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <source>Show more ({0} KB of {1} KB left)</source>
        <translation>显示更多（共 {1} KB，还剩 {0} KB）</translation>
    </message>
    <message>
        <source>{0} (line {1}, column {2})</source>
        <translation>{0}（第 {1} 行，第 {2} 列）</translation>
    </message>
    <message>
        <source>nested too deeply or too large to read</source>
        <translation>嵌套太深或太大，无法读取</translation>
    </message>
    <message>
        <source>{0} in / {1} out ({2} thinking) tokens</source>
        <translation>输入 {0} / 输出 {1}（思考 {2}）tokens</translation>
    </message>
    <message>
        <source>{0} in / {1} out tokens</source>
        <translation>输入 {0} / 输出 {1} tokens</translation>
    </message>
    <message>
        <source>first token {0} s</source>
        <translation>首 token {0} 秒</translation>
    </message>
    <message>
        <source>{0} tok/s</source>
        <translation>{0} tok/s</translation>
    </message>
    <message>
        <source>cut off: max_tokens reached</source>
        <translation>已截断：达到 max_tokens</translation>
    </message>
    <message>
        <source>✓ valid JSON</source>
        <translation>✓ 有效的 JSON</translation>
    </message>
    <message>
        <source>✗ invalid JSON: {0}</source>
        <translation>✗ 无效的 JSON：{0}</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>The answer reached max_tokens.</source>
        <translation>回答已达到 max_tokens 上限。</translation>
    </message>
    <message>
        <source>Result of {0}</source>
        <translation>{0} 的结果</translation>
    </message>
    <message>
        <source>Send results</source>
        <translation>发送结果</translation>
    </message>
    <message>
        <source>mean log-probability {0}</source>
        <translation>平均对数概率 {0}</translation>
    </message>
    <message>
        <source>perplexity {0}</source>
        <translation>困惑度 {0}</translation>
    </message>
</context>
<context>
    <name>ModelDetails</name>
    <message>
        <source>Reasoning</source>
        <translation>推理</translation>
    </message>
    <message>
        <source>Thinking can be switched (enable_thinking)</source>
        <translation>可切换思考（enable_thinking）</translation>
    </message>
    <message>
        <source>Vision (images)</source>
        <translation>视觉（图片）</translation>
    </message>
    <message>
        <source>Tools (function calls)</source>
        <translation>工具（函数调用）</translation>
    </message>
    <message>
        <source>JSON mode (response_format)</source>
        <translation>JSON 模式（response_format）</translation>
    </message>
    <message>
        <source>Honours seed</source>
        <translation>支持随机种子（seed）</translation>
    </message>
    <message>
        <source>Token probabilities (logprobs)</source>
        <translation>词元概率（logprobs）</translation>
    </message>
    <message>
        <source>Context length (tokens)</source>
        <translation>上下文长度（token）</translation>
    </message>
    <message>
        <source>Longest answer (tokens)</source>
        <translation>最长回答（token）</translation>
    </message>
    <message>
        <source>reported by the endpoint</source>
        <translation>端点报告</translation>
    </message>
    <message>
        <source>SiliconDesk&apos;s list of known models</source>
        <translation>SiliconDesk 的已知模型列表</translation>
    </message>
    <message>
        <source>learned from the endpoint&apos;s answers</source>
        <translation>从端点的回答中得知</translation>
    </message>
    <message>
        <source>set by you</source>
        <translation>由你设置</translation>
    </message>
    <message>
        <source>Model details</source>
        <translation>模型详情</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>“Automatic” uses what the endpoint reports, then SiliconDesk&apos;s list of known models, then what the endpoint&apos;s answers taught.</source>
        <translation>“自动”依次采用端点报告的信息、SiliconDesk 的已知模型列表，以及从端点回答中得知的信息。</translation>
    </message>
    <message>
        <source>Automatic (unknown)</source>
        <translation>自动（未知）</translation>
    </message>
    <message>
        <source>Automatic: {0} ({1})</source>
        <translation>自动：{0}（{1}）</translation>
    </message>
    <message>
        <source>{0}: must be a whole number of tokens.</source>
        <translation>{0}：必须是整数个 token。</translation>
    </message>
</context>
<context>
    <name>ModelFlow</name>
    <message>
        <source>Model list not loaded: {0}</source>
        <translation>未能加载模型列表：{0}</translation>
    </message>
    <message>
        <source>this endpoint does not list this model</source>
        <translation>此端点的模型列表中没有这个模型</translation>
    </message>
    <message>
        <source>reasoning model</source>
        <translation>推理模型</translation>
    </message>
    <message>
        <source>thinking can be switched</source>
        <translation>可切换思考</translation>
    </message>
    <message>
        <source>sees images</source>
        <translation>可识别图片</translation>
    </message>
    <message>
        <source>context {0} tokens</source>
        <translation>上下文 {0} token</translation>
    </message>
    <message>
        <source>this model answers at most {0} tokens</source>
        <translation>此模型的回答最多 {0} 个 token</translation>
    </message>
    <message>
        <source>the endpoint said this model does not take it</source>
        <translation>端点表示此模型不接受该参数</translation>
    </message>
    <message>
        <source>you marked it as not taken in the model&apos;s details</source>
        <translation>你在模型详情中标记为不接受</translation>
    </message>
    <message>
        <source>the endpoint reports that this model does not take it</source>
        <translation>端点报告此模型不接受该参数</translation>
    </message>
    <message>
        <source>this model does not take it (SiliconDesk&apos;s list of known models)</source>
        <translation>此模型不接受该参数（SiliconDesk 的已知模型列表）</translation>
    </message>
    <message>
        <source>reasoning</source>
        <translation>推理</translation>
    </message>
    <message>
        <source>hybrid thinking</source>
        <translation>混合思考</translation>
    </message>
    <message>
        <source>vision</source>
        <translation>视觉</translation>
    </message>
    <message>
        <source>tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>≈ {0} / {1} tokens</source>
        <translation>≈ {0} / {1} 个 token</translation>
    </message>
    <message>
        <source>≈ {0} tokens</source>
        <translation>≈ {0} 个 token</translation>
    </message>
    <message>
        <source>Estimated from the text, calibrated on the endpoint&apos;s own counts for this model</source>
        <translation>根据文本估算，并按端点对此模型的实际计数校准</translation>
    </message>
    <message>
        <source>Estimated from the text; it becomes closer after the first answer, from the endpoint&apos;s own count</source>
        <translation>根据文本估算；收到第一个回答后，会按端点的实际计数变得更准确</translation>
    </message>
    <message>
        <source>Nothing more can be left out: the last message alone is longer than this model&apos;s context. Shorten it, or pick a model with a longer context.</source>
        <translation>无法再省略更多消息：仅最后一条消息就超过了此模型的上下文。请缩短它，或选择上下文更长的模型。</translation>
    </message>
    <message numerus="yes">
        <source>Sent again with the last %n message(s);</source>
        <translation>
            <numerusform>已仅用最后 %n 条消息重新发送；</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n earlier one(s) left out (see “Messages sent” in the parameters).</source>
        <translation>
            <numerusform>省略了 %n 条较早的消息（见参数中的“发送的消息数”）。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ModelStrip</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Fetch the endpoint&apos;s model list again</source>
        <translation>重新获取端点的模型列表</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>详情…</translation>
    </message>
    <message>
        <source>What this model takes: thinking, vision, tools, JSON mode, context length</source>
        <translation>此模型支持的功能：思考、视觉、工具、JSON 模式、上下文长度</translation>
    </message>
    <message>
        <source>Fetching the model list…</source>
        <translation>正在获取模型列表…</translation>
    </message>
    <message>
        <source>Model list not fetched yet</source>
        <translation>尚未获取模型列表</translation>
    </message>
    <message>
        <source>Models fetched {0}</source>
        <translation>模型列表获取于 {0}</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <source>SiliconDesk is already running with the data folder {0}, but it does not answer.</source>
        <translation>SiliconDesk 已在使用数据文件夹 {0} 运行，但没有响应。</translation>
    </message>
    <message>
        <source>Demo (sample replies from a local endpoint, no network)</source>
        <translation>演示（本地端点返回示例回复，不联网）</translation>
    </message>
    <message>
        <source>Demo mode: answers are sample replies from a local endpoint inside SiliconDesk, not from a model. Try “think”, “code”, “table”, “weather” or “error”.</source>
        <translation>演示模式：回答来自 SiliconDesk 内置的本地端点的示例回复，而不是模型。试试输入“思考”“代码”“表格”“天气”或“错误”。</translation>
    </message>
</context>
<context>
    <name>ParamBinding</name>
    <message>
        <source>New chats will use these parameters.</source>
        <translation>新对话将使用这些参数。</translation>
    </message>
    <message>
        <source>%n message(s) not shown here; the copy buttons include them</source>
        <translation>此处未显示 %n 条消息；复制按钮会包含它们</translation>
    </message>
</context>
<context>
    <name>ParamFields</name>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top p</source>
        <translation>Top p</translation>
    </message>
    <message>
        <source>Top k</source>
        <translation>Top k</translation>
    </message>
    <message>
        <source>Min p</source>
        <translation>Min p</translation>
    </message>
    <message>
        <source>Frequency penalty</source>
        <translation>频率惩罚</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最大 tokens</translation>
    </message>
    <message>
        <source>Choices (n)</source>
        <translation>候选数 (n)</translation>
    </message>
    <message>
        <source>Thinking budget</source>
        <translation>思考预算</translation>
    </message>
    <message>
        <source>server default</source>
        <translation>服务器默认</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>Weather lookup</source>
        <translation>天气查询</translation>
    </message>
    <message>
        <source>Web search</source>
        <translation>网页搜索</translation>
    </message>
    <message>
        <source>default {0}</source>
        <translation>默认 {0}</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>流式输出</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>思考</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>JSON object</source>
        <translation>JSON 对象</translation>
    </message>
    <message>
        <source>Response format</source>
        <translation>回复格式</translation>
    </message>
    <message>
        <source>Stop sequences (up to 4)</source>
        <translation>停止序列（最多 4 个）</translation>
    </message>
    <message>
        <source>stop {0}</source>
        <translation>停止序列 {0}</translation>
    </message>
    <message>
        <source>Stop sequence {0}</source>
        <translation>停止序列 {0}</translation>
    </message>
    <message>
        <source>all messages</source>
        <translation>全部消息</translation>
    </message>
    <message>
        <source>How many earlier messages go with each request. The reference page documents 1–10 messages per request.</source>
        <translation>每次请求附带多少条之前的消息。API 参考文档写明每次请求 1–10 条消息。</translation>
    </message>
    <message>
        <source>Messages sent</source>
        <translation>发送的消息数</translation>
    </message>
    <message>
        <source>Tools (JSON)</source>
        <translation>工具（JSON）</translation>
    </message>
    <message>
        <source>Insert a tool template</source>
        <translation>插入工具模板</translation>
    </message>
    <message>
        <source>Insert a template…</source>
        <translation>插入模板……</translation>
    </message>
    <message>
        <source>Tools: not valid JSON ({0}, line {1}).</source>
        <translation>工具：不是有效的 JSON（{0}，第 {1} 行）。</translation>
    </message>
    <message>
        <source>Tools: the JSON is nested too deeply or too large.</source>
        <translation>工具：JSON 嵌套太深或太大。</translation>
    </message>
    <message>
        <source>must be a whole number; “{0}” is not.</source>
        <translation>必须是整数；“{0}”不是。</translation>
    </message>
    <message>
        <source>must be a number; “{0}” is not.</source>
        <translation>必须是数字；“{0}”不是。</translation>
    </message>
    <message>
        <source>must be a whole number of messages, 1 or more.</source>
        <translation>必须是整数条消息，至少 1 条。</translation>
    </message>
</context>
<context>
    <name>ParamPanel</name>
    <message>
        <source>Endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>System prompt (optional)</source>
        <translation>系统提示词（可选）</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>Show the example</source>
        <translation>显示示例</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>载入</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为……</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名……</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Use as default for new chats</source>
        <translation>设为新对话的默认参数</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>恢复默认</translation>
    </message>
    <message>
        <source>Copy as cURL</source>
        <translation>复制为 cURL</translation>
    </message>
    <message>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <source>JavaScript</source>
        <translation>JavaScript</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Next-token distribution (example)</source>
        <translation>下一个 token 的概率分布（示例）</translation>
    </message>
    <message>
        <source>Request preview (the exact body; key not shown)</source>
        <translation>请求预览（实际发送的请求体；不含密钥）</translation>
    </message>
    <message>
        <source>reasoning</source>
        <translation>推理</translation>
    </message>
    <message>
        <source>hybrid thinking</source>
        <translation>可切换思考</translation>
    </message>
    <message>
        <source>reasoning model</source>
        <translation>推理模型</translation>
    </message>
    <message>
        <source>thinking can be switched</source>
        <translation>可开关思考</translation>
    </message>
    <message>
        <source>the endpoint said it does not support enable_thinking</source>
        <translation>端点表示不支持 enable_thinking</translation>
    </message>
    <message>
        <source>Next-token distribution at “{0}”: the top {1} alternatives the server sent, renormalised, then temperature, top_k, top_p and min_p in that order</source>
        <translation>“{0}”处的下一个词元分布：服务器发来的前 {1} 个候选，重新归一化后，依次应用 temperature、top_k、top_p 和 min_p</translation>
    </message>
    <message>
        <source>Save preset</source>
        <translation>保存预设</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Rename preset</source>
        <translation>重命名预设</translation>
    </message>
    <message numerus="yes">
        <source>
… (%n more character(s); the copy buttons include them)</source>
        <translation>
            <numerusform>
……（还有 %n 个字符；复制按钮会包含它们）</numerusform>
        </translation>
    </message>
    <message>
        <source>Copied; put your key where it says &lt;token&gt;.</source>
        <translation>已复制；请把 &lt;token&gt; 换成你的密钥。</translation>
    </message>
</context>
<context>
    <name>ParamsViewer</name>
    <message>
        <source>Parameters of this answer</source>
        <translation>这条回答的参数</translation>
    </message>
    <message>
        <source>The request fields exactly as they were posted.</source>
        <translation>请求字段，与发送时完全一致。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>ProbabilityActions</name>
    <message>
        <source>This answer has no token probabilities.</source>
        <translation>这条回答没有词元概率。</translation>
    </message>
    <message>
        <source>An answer is still being written here.</source>
        <translation>这里还有回答正在生成。</translation>
    </message>
    <message>
        <source>{0} does not send token probabilities: the answer was asked for again without them, and they are left out for this model from now on.</source>
        <translation>{0} 不提供词元概率：已不带概率重新请求了这条回答，今后对这个模型不再请求概率。</translation>
    </message>
    <message>
        <source>This model</source>
        <translation>这个模型</translation>
    </message>
</context>
<context>
    <name>ProbabilityFields</name>
    <message>
        <source>server default</source>
        <translation>服务器默认</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>Show probabilities</source>
        <translation>显示概率</translation>
    </message>
    <message>
        <source>Ask for each token&apos;s probability and its 5 likeliest alternatives (logprobs, top_logprobs) in the next answers. Endpoints that do not send them answer as usual.</source>
        <translation>在接下来的回答中请求每个词元的概率及其最可能的 5 个候选（logprobs、top_logprobs）。不提供概率的接口照常回答。</translation>
    </message>
    <message>
        <source>Token probabilities</source>
        <translation>词元概率</translation>
    </message>
    <message>
        <source>unset</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Alternatives per token</source>
        <translation>每个词元的候选数</translation>
    </message>
    <message>
        <source>must be a whole number; “{0}” is not.</source>
        <translation>必须是整数；“{0}”不是。</translation>
    </message>
</context>
<context>
    <name>Prompter</name>
    <message>
        <source> The answers being written now would stop (what arrived is kept).</source>
        <translation>正在生成的回答将会停止（已收到的内容会保留）。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The language changes when SiliconDesk starts again. Restart now?{0}</source>
        <translation>语言将在 SiliconDesk 重新启动后切换。现在重启吗？{0}</translation>
    </message>
    <message>
        <source>Delete message</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <source>Delete this message and every reply after it?</source>
        <translation>删除这条消息及其后的所有回复？</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>附加文件</translation>
    </message>
    <message>
        <source>Images, text, code and PDF files (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff *.txt *.md *.py *.js *.ts *.json *.csv *.html *.css *.c *.cpp *.h *.java *.go *.rs *.sh *.yaml *.yml *.toml *.xml *.sql *.log *.pdf);;All files (*)</source>
        <translation>图片、文本、代码和 PDF 文件 (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff *.txt *.md *.py *.js *.ts *.json *.csv *.html *.css *.c *.cpp *.h *.java *.go *.rs *.sh *.yaml *.yml *.toml *.xml *.sql *.log *.pdf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Move to folder</source>
        <translation>移到文件夹</translation>
    </message>
    <message>
        <source>Folder (empty for none):</source>
        <translation>文件夹（留空表示不放入文件夹）：</translation>
    </message>
    <message>
        <source>About SiliconDesk</source>
        <translation>关于 SiliconDesk</translation>
    </message>
    <message>
        <source>SiliconDesk {0}

A desktop chat application for SiliconFlow and any OpenAI-compatible endpoint. Keys stay in the system keyring; conversations stay on this computer.</source>
        <translation>SiliconDesk {0}

适用于 SiliconFlow 及任何兼容 OpenAI 的端点的桌面聊天应用。密钥保存在系统密钥环中；对话保存在这台电脑上。</translation>
    </message>
</context>
<context>
    <name>RelativeTime</name>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <source>{0} min ago</source>
        <translation>{0} 分钟前</translation>
    </message>
    <message>
        <source>{0} h ago</source>
        <translation>{0} 小时前</translation>
    </message>
    <message>
        <source>{0} d ago</source>
        <translation>{0} 天前</translation>
    </message>
</context>
<context>
    <name>Sampling</name>
    <message>
        <source>the a this our one my that some any each no every</source>
        <translation>很 真 不 还 非常 有点 特别 挺 太 比较 十分 相当</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>The settings file could not be read ({reason}). It is kept at {path}; the defaults are used.</source>
        <translation>无法读取设置文件（{reason}）。它保存在 {path}；现使用默认设置。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>System proxy</source>
        <translation>系统代理</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>不使用代理</translation>
    </message>
    <message>
        <source>This proxy:</source>
        <translation>使用此代理：</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Send with Ctrl+Enter (Enter adds a line)</source>
        <translation>用 Ctrl+Enter 发送（Enter 换行）</translation>
    </message>
    <message>
        <source>Fold the thinking block when the answer starts</source>
        <translation>开始回答时折叠思考过程</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The language changes when SiliconDesk starts again.</source>
        <translation>语言将在 SiliconDesk 重新启动后切换。</translation>
    </message>
    <message>
        <source>Titles written by</source>
        <translation>标题生成方式</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Connect timeout</source>
        <translation>连接超时</translation>
    </message>
    <message>
        <source>Silence allowed while answering</source>
        <translation>回答中允许的静默时长</translation>
    </message>
    <message>
        <source>Retries (429, 503, 504, network)</source>
        <translation>重试次数（429、503、504、网络错误）</translation>
    </message>
    <message>
        <source>Proxy changes apply when SiliconDesk next starts.</source>
        <translation>代理设置将在 SiliconDesk 下次启动时生效。</translation>
    </message>
    <message>
        <source>Name, e.g. Ollama</source>
        <translation>名称，例如 Ollama</translation>
    </message>
    <message>
        <source>Add endpoint</source>
        <translation>添加端点</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Set key…</source>
        <translation>设置密钥……</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Base URL</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source> (no key needed)</source>
        <translation>（无需密钥）</translation>
    </message>
    <message>
        <source> (key set)</source>
        <translation>（已设置密钥）</translation>
    </message>
    <message>
        <source> (no key)</source>
        <translation>（无密钥）</translation>
    </message>
    <message>
        <source>Give the endpoint a name.</source>
        <translation>请为端点起个名字。</translation>
    </message>
</context>
<context>
    <name>SettingsFlow</name>
    <message>
        <source>The language changes when SiliconDesk next starts.</source>
        <translation>语言将在 SiliconDesk 下次启动时切换。</translation>
    </message>
</context>
<context>
    <name>ShortcutsSheet</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>New chat (Ctrl+N)</source>
        <translation>新对话（Ctrl+N）</translation>
    </message>
    <message>
        <source>Import and export</source>
        <translation>导入与导出</translation>
    </message>
    <message>
        <source>Search all chats (Ctrl+K)</source>
        <translation>搜索全部对话（Ctrl+K）</translation>
    </message>
    <message>
        <source>Search all chats</source>
        <translation>搜索全部对话</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>All chats</source>
        <translation>全部对话</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>没有匹配项</translation>
    </message>
</context>
<context>
    <name>Storage</name>
    <message>
        <source>The history is locked by another program (another SiliconDesk on the same data folder?). Close it and try again.</source>
        <translation>历史记录被另一个程序锁定（是否有另一个 SiliconDesk 在使用同一数据文件夹？）。请关闭它后重试。</translation>
    </message>
    <message>
        <source>The history file {path} is damaged ({reason}).</source>
        <translation>历史记录文件 {path} 已损坏（{reason}）。</translation>
    </message>
    <message>
        <source>The disk is full: the history could not be saved. Free some space; what was saved before is kept.</source>
        <translation>磁盘已满：历史记录无法保存。请释放一些空间；之前保存的内容都还在。</translation>
    </message>
    <message>
        <source>The history file {path} cannot be written (it, or its folder, is read-only). Nothing new can be saved until that is fixed.</source>
        <translation>无法写入历史记录文件 {path}（该文件或其所在文件夹为只读）。解决之前，新的内容都无法保存。</translation>
    </message>
    <message>
        <source>The history could not be saved ({reason}).</source>
        <translation>历史记录无法保存（{reason}）。</translation>
    </message>
    <message>
        <source>The disk is full: the settings could not be saved. Free some space; this session keeps the change.</source>
        <translation>磁盘已满：设置无法保存。请释放一些空间；本次运行期间更改仍然有效。</translation>
    </message>
    <message>
        <source>The settings file {path} cannot be written (it, or its folder, is read-only); this session keeps the change.</source>
        <translation>无法写入设置文件 {path}（该文件或其所在文件夹为只读）；本次运行期间更改仍然有效。</translation>
    </message>
    <message>
        <source>The settings could not be saved ({reason}); this session keeps the change.</source>
        <translation>设置无法保存（{reason}）；本次运行期间更改仍然有效。</translation>
    </message>
</context>
<context>
    <name>SummaryTable</name>
    <message>
        <source>Arm / value</source>
        <translation>分组 / 取值</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>回答数</translation>
    </message>
    <message>
        <source>Mean length (chars)</source>
        <translation>平均长度（字符）</translation>
    </message>
    <message>
        <source>Mean completion tokens</source>
        <translation>平均生成词元</translation>
    </message>
    <message>
        <source>Distinct-2</source>
        <translation>Distinct-2 多样性</translation>
    </message>
    <message>
        <source>JSON parsed</source>
        <translation>JSON 可解析</translation>
    </message>
    <message>
        <source>Finish reasons</source>
        <translation>结束原因</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>TaskProgress</name>
    <message>
        <source>Cancel</source>
        <translation>取消重试</translation>
    </message>
</context>
<context>
    <name>ThinkingBlock</name>
    <message>
        <source>Thinking… {0} s</source>
        <translation>思考中…… {0} 秒</translation>
    </message>
    <message>
        <source>Thought for less than a second</source>
        <translation>已思考不到一秒</translation>
    </message>
    <message>
        <source>Thought for {0} s</source>
        <translation>已思考 {0} 秒</translation>
    </message>
</context>
<context>
    <name>TitleSettings</name>
    <message>
        <source>Off: the first words</source>
        <translation>关闭：使用开头的文字</translation>
    </message>
    <message>
        <source>The conversation&apos;s model</source>
        <translation>对话所用的模型</translation>
    </message>
    <message>
        <source>This model:</source>
        <translation>指定模型：</translation>
    </message>
    <message>
        <source>Titles</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>a small, cheap model of the same endpoint</source>
        <translation>同一端点上小而便宜的模型</translation>
    </message>
    <message>
        <source>Title model</source>
        <translation>标题模型</translation>
    </message>
</context>
<context>
    <name>TokenText</name>
    <message>
        <source>(no alternatives were sent)</source>
        <translation>（服务器未发送候选）</translation>
    </message>
</context>
<context>
    <name>TokenView</name>
    <message>
        <source>Show more ({0} of {1} tokens left)</source>
        <translation>显示更多（共 {1} 个词元，还剩 {0} 个）</translation>
    </message>
    <message>
        <source>Continue with “{0}” ({1})</source>
        <translation>改用“{0}”继续（{1}）</translation>
    </message>
</context>
<context>
    <name>ToolCallCard</name>
    <message>
        <source>Tool call: {0}</source>
        <translation>工具调用：{0}</translation>
    </message>
</context>
<context>
    <name>ToolParts</name>
    <message>
        <source>A tool of {0} waits for your approval in another conversation.</source>
        <translation>{0} 的一个工具正在另一个对话中等待你的批准。</translation>
    </message>
</context>
<context>
    <name>ToolPicker</name>
    <message>
        <source>Tools: {0}</source>
        <translation>工具：{0}</translation>
    </message>
    <message>
        <source>Tools: off</source>
        <translation>工具：关</translation>
    </message>
</context>
<context>
    <name>ToolResultFold</name>
    <message>
        <source> — failed</source>
        <translation> — 失败</translation>
    </message>
    <message>
        <source> — declined</source>
        <translation> — 已拒绝</translation>
    </message>
    <message>
        <source> — stopped</source>
        <translation> — 已停止</translation>
    </message>
    <message>
        <source>Result of {0}{1}</source>
        <translation>{0} 的结果{1}</translation>
    </message>
</context>
<context>
    <name>Tools</name>
    <message>
        <source>{name}: an entry must be an object.</source>
        <translation>{name}：每一项必须是一个对象。</translation>
    </message>
    <message>
        <source>A server needs a name.</source>
        <translation>服务器需要一个名称。</translation>
    </message>
    <message>
        <source>{name}: the url must start with http:// or https://.</source>
        <translation>{name}：url 必须以 http:// 或 https:// 开头。</translation>
    </message>
    <message>
        <source>{name}: give a command or a url.</source>
        <translation>{name}：请给出 command 或 url。</translation>
    </message>
    <message>
        <source>{name}: args must be a list of strings.</source>
        <translation>{name}：args 必须是字符串列表。</translation>
    </message>
    <message>
        <source>{name}: env and headers must map names to strings.</source>
        <translation>{name}：env 和 headers 必须把名称映射到字符串。</translation>
    </message>
    <message>
        <source>{name}: autoApprove must be a list of tool names.</source>
        <translation>{name}：autoApprove 必须是工具名称列表。</translation>
    </message>
    <message>
        <source>This is not JSON.</source>
        <translation>这不是 JSON。</translation>
    </message>
    <message>
        <source>Expected an object of servers.</source>
        <translation>应为一个由服务器组成的对象。</translation>
    </message>
    <message>
        <source>The server did not answer within {seconds} s.</source>
        <translation>服务器在 {seconds} 秒内没有应答。</translation>
    </message>
    <message>
        <source>The server stopped.</source>
        <translation>服务器已停止。</translation>
    </message>
    <message>
        <source>The server was stopped while starting.</source>
        <translation>服务器在启动过程中被停止。</translation>
    </message>
    <message>
        <source>{reason}
What it printed last:
{stderr}</source>
        <translation>{reason}
它最后输出的内容：
{stderr}</translation>
    </message>
    <message>
        <source>The server is not running.</source>
        <translation>服务器没有在运行。</translation>
    </message>
    <message>
        <source>The tool did not answer within {seconds} s; the call was cancelled.</source>
        <translation>工具在 {seconds} 秒内没有应答，调用已取消。</translation>
    </message>
    <message>
        <source>The command was not found: {name}</source>
        <translation>找不到命令：{name}</translation>
    </message>
    <message>
        <source>The command may not be run: {name}</source>
        <translation>没有权限运行命令：{name}</translation>
    </message>
    <message>
        <source>The server failed: {detail}</source>
        <translation>服务器出错：{detail}</translation>
    </message>
    <message>
        <source>{name} is not an enabled server.</source>
        <translation>{name} 不是已启用的服务器。</translation>
    </message>
    <message>
        <source>{name} could not start: {reason}</source>
        <translation>{name} 无法启动：{reason}</translation>
    </message>
    <message>
        <source>No usable keyring: the values of {name}&apos;s environment and headers are kept for this session only.</source>
        <translation>没有可用的密钥环：{name} 的环境变量和请求头的值只在本次会话中保留。</translation>
    </message>
    <message>
        <source>The tools were called %n round(s) in a row; the turn stops here. Send a message to go on.</source>
        <translation>工具已连续调用 %n 轮，本轮回答到此为止。发送一条消息即可继续。</translation>
    </message>
</context>
<context>
    <name>ToolsTab</name>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Offer to new chats</source>
        <translation>提供给新对话</translation>
    </message>
    <message>
        <source>Start again</source>
        <translation>重新启动</translation>
    </message>
    <message>
        <source>Import mcp.json…</source>
        <translation>导入 mcp.json…</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Servers as Claude Desktop, Cursor and LM Studio write them (paste your mcp.json). Values of env and headers are kept in the keyring.</source>
        <translation>服务器的写法与 Claude Desktop、Cursor 和 LM Studio 相同（可直接粘贴你的 mcp.json）。env 和 headers 的值保存在密钥环中。</translation>
    </message>
    <message>
        <source>Time allowed for one tool call</source>
        <translation>单次工具调用的时限</translation>
    </message>
    <message>
        <source>Tool rounds in a row, at most</source>
        <translation>连续调用工具的最多轮数</translation>
    </message>
    <message>
        <source>This is not a JSON object of servers.</source>
        <translation>这不是由服务器组成的 JSON 对象。</translation>
    </message>
    <message>
        <source>Could not read {0}: {1}</source>
        <translation>无法读取 {0}：{1}</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message numerus="yes">
        <source>ready with %n tool(s)</source>
        <translation>
            <numerusform>就绪，共 %n 个工具</numerusform>
        </translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>not started (starts when a chat first needs it)</source>
        <translation>未启动（对话首次需要时启动）</translation>
    </message>
</context>
<context>
    <name>TurnPresenter</name>
    <message>
        <source>Editing a message: sending makes a new branch; the old one stays.</source>
        <translation>正在编辑消息：发送后会新建一个分支，原分支保留。</translation>
    </message>
    <message numerus="yes">
        <source>Asked for %n answer(s) (n); the server sent {0}. Many servers ignore n: Regenerate adds another.</source>
        <translation>
            <numerusform>请求了 %n 个回答（n），服务器只返回了 {0} 个。许多服务器不支持 n：可用“重新生成”再添一个。</numerusform>
        </translation>
    </message>
    <message>
        <source>{0} Retrying in {1} s…</source>
        <translation>{0}{1} 秒后重试…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消重试</translation>
    </message>
    <message>
        <source>No text for {0} s… still waiting for the endpoint.</source>
        <translation>已经 {0} 秒没有收到文字……仍在等待端点。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Not sent: </source>
        <translation>未发送：</translation>
    </message>
</context>
<context>
    <name>UndoBar</name>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <source>must be a whole number, not {value}.</source>
        <translation>必须是整数，而不是 {value}。</translation>
    </message>
    <message>
        <source>must be a number, not {value}.</source>
        <translation>必须是数字，而不是 {value}。</translation>
    </message>
    <message>
        <source>must be between {low} and {high}; it is {value}.</source>
        <translation>必须在 {low} 到 {high} 之间；当前为 {value}。</translation>
    </message>
    <message>
        <source>must be at least {low}; it is {value}.</source>
        <translation>至少为 {low}；当前为 {value}。</translation>
    </message>
    <message>
        <source>must name a model.</source>
        <translation>必须指定模型。</translation>
    </message>
    <message>
        <source>must be -1 (no limit) or more; it is {value}.</source>
        <translation>必须是 -1（不限制）或更大的数；当前为 {value}。</translation>
    </message>
    <message>
        <source>must be true or false, not {value}.</source>
        <translation>必须是 true 或 false，而不是 {value}。</translation>
    </message>
    <message>
        <source>must be &apos;text&apos; or &apos;json_object&apos;, not {value}.</source>
        <translation>必须是 &apos;text&apos; 或 &apos;json_object&apos;，而不是 {value}。</translation>
    </message>
    <message>
        <source>a stop sequence cannot be empty.</source>
        <translation>停止序列不能为空。</translation>
    </message>
    <message>
        <source>must be text or a list of up to 4 texts.</source>
        <translation>必须是文本，或最多 4 个文本的列表。</translation>
    </message>
    <message>
        <source>at most {limit} sequences; there are {count}.</source>
        <translation>最多 {limit} 个序列；当前有 {count} 个。</translation>
    </message>
    <message>
        <source>every stop sequence must be non-empty text.</source>
        <translation>每个停止序列都必须是非空文本。</translation>
    </message>
    <message>
        <source>must be a list of tools.</source>
        <translation>必须是工具列表。</translation>
    </message>
    <message>
        <source>at most {limit} functions are supported; there are {count}.</source>
        <translation>最多支持 {limit} 个函数；当前有 {count} 个。</translation>
    </message>
    <message>
        <source>must be an object.</source>
        <translation>必须是对象。</translation>
    </message>
    <message>
        <source>must be &quot;function&quot;.</source>
        <translation>必须是 &quot;function&quot;。</translation>
    </message>
    <message>
        <source>must be an object with a name.</source>
        <translation>必须是带 name 的对象。</translation>
    </message>
    <message>
        <source>must be 1–64 characters of a–z, A–Z, 0–9, underscores or dashes; got {name}.</source>
        <translation>必须是 1–64 个字符，只能包含 a–z、A–Z、0–9、下划线或短横线；当前为 {name}。</translation>
    </message>
    <message>
        <source>{name} is used twice.</source>
        <translation>{name} 被使用了两次。</translation>
    </message>
    <message>
        <source>must be text.</source>
        <translation>必须是文本。</translation>
    </message>
    <message>
        <source>must be a JSON Schema object.</source>
        <translation>必须是 JSON Schema 对象。</translation>
    </message>
    <message>
        <source>the schema&apos;s type must be &quot;object&quot;.</source>
        <translation>schema 的 type 必须是 &quot;object&quot;。</translation>
    </message>
    <message>
        <source>must be true, false or null.</source>
        <translation>必须是 true、false 或 null。</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
</context>
</TS>
