"""The first text of the About page and the privacy notice, in Vietnamese and English.

Every installation starts with both pages (showcase/setup.py); editors then keep them in the
admin. The texts state facts only: the programme's legal basis (Decision 919/QĐ-TTg of
1 August 2022), the ministry that coordinates OCOP since the merger of March 2025, Vietnam's
personal data law (Law 91/2025/QH15, which replaced Decree 13/2023/NĐ-CP on 1 January 2026),
and what the hub's code does (inquiry fields, cookies, who sees an inquiry). Nothing is
invented: the operator's legal name is a placeholder in brackets for the operator to fill in,
and the way to reach the central team is the hub's inquiry form, not a made-up address.

Each block is one paragraph, heading or list item without inline markup: wagtail-localize
makes one translatable segment of each, and the English list pairs with them in order.
"""

from django.utils.html import escape

# (tag, Vietnamese, English); consecutive "li" blocks form one list.
ABOUT = [
    ("h2", "Ai vận hành cổng thông tin", "Who runs the hub"),
    (
        "p",
        "Cổng thông tin do nhóm xúc tiến thương mại ở trung ương vận hành cùng biên tập viên "
        "của 34 tỉnh, thành phố. Mỗi tỉnh tự đăng sản phẩm, điểm bán và sự kiện của mình; "
        "nhóm trung ương duyệt mọi nội dung trước khi hiển thị.",
        "The hub is run by a central trade-promotion team together with editors in the 34 "
        "provinces and cities. Each province publishes its own products, sales points and "
        "events; the central team reviews everything before it is shown.",
    ),
    ("h2", "Chương trình OCOP", "The OCOP programme"),
    (
        "p",
        "OCOP (Mỗi xã một sản phẩm) là chương trình quốc gia phát triển các sản phẩm đặc trưng "
        "của khu vực nông thôn. Chương trình giai đoạn 2021–2025 được Thủ tướng Chính phủ phê "
        "duyệt tại Quyết định số 919/QĐ-TTg ngày 01/8/2022.",
        "OCOP (One Commune One Product) is Vietnam's national programme for the distinctive "
        "products of its rural communes. Its 2021–2025 phase was approved by the Prime "
        "Minister's Decision 919/QĐ-TTg of 1 August 2022.",
    ),
    (
        "p",
        "Ở trung ương, chương trình do Bộ Nông nghiệp và Môi trường điều phối; bộ được thành "
        "lập tháng 3/2025 trên cơ sở hợp nhất Bộ Nông nghiệp và Phát triển nông thôn với Bộ "
        "Tài nguyên và Môi trường.",
        "Nationally, the programme is coordinated by the Ministry of Agriculture and "
        "Environment, formed in March 2025 by merging the Ministry of Agriculture and Rural "
        "Development with the Ministry of Natural Resources and Environment.",
    ),
    ("h2", "Sản phẩm được xác minh thế nào", "How listings are verified"),
    (
        "li",
        "Sản phẩm OCOP được hội đồng đánh giá, phân hạng theo bộ tiêu chí quốc gia; sản phẩm "
        "3 sao và 4 sao do Ủy ban nhân dân cấp tỉnh công nhận và cấp giấy chứng nhận, sản "
        "phẩm 5 sao được công nhận ở cấp trung ương.",
        "OCOP products are assessed and rated against the national criteria by an assessment "
        "council; 3- and 4-star products are recognised and certified by the provincial "
        "People's Committee, 5-star products at national level.",
    ),
    (
        "li",
        "Mỗi sản phẩm ghi số giấy chứng nhận OCOP và ngày cấp. Giấy chứng nhận có hiệu lực "
        "36 tháng; sản phẩm hết hạn chứng nhận tự rời khỏi danh mục.",
        "Each product shows its OCOP certificate number and date. A certificate is valid for "
        "36 months; a product whose certificate has expired leaves the catalogue by itself.",
    ),
    (
        "li",
        "Biên tập viên của tỉnh đăng và cập nhật nội dung của tỉnh mình; người duyệt ở trung "
        "ương phê duyệt mọi thay đổi trước khi hiển thị.",
        "Provincial editors publish and update their own province's content; central "
        "reviewers approve every change before it is shown.",
    ),
    (
        "li",
        "Sản lượng, giá và điều kiện thương mại do nhà sản xuất cung cấp và chỉ có tính tham "
        "khảo; hãy xác nhận lại khi gửi yêu cầu.",
        "Capacities, prices and terms are given by the producers and are indicative; confirm "
        "them in your inquiry.",
    ),
    ("h2", "Nội dung minh họa", "Illustrative content"),
    (
        "p",
        "Ở bản trình diễn của cổng thông tin, các sản phẩm, nhà sản xuất và sự kiện chỉ mang "
        "tính minh họa để giới thiệu cách cổng hoạt động, không phải là chào hàng.",
        "Where this site is a demonstration, its products, producers and events are "
        "illustrative: they show how the hub works and are not offers.",
    ),
    ("h2", "Liên hệ với nhóm trung ương", "How to reach the central team"),
    (
        "p",
        "Hãy gửi câu hỏi qua mẫu yêu cầu của cổng thông tin. Yêu cầu về một sản phẩm được "
        "chuyển tới tỉnh của nhà sản xuất; nhóm trung ương theo dõi mọi yêu cầu và trả lời "
        "các câu hỏi chung.",
        "Write through the hub's inquiry form. An inquiry about a product goes to the "
        "producer's province; the central team follows every inquiry and answers general "
        "questions.",
    ),
]

PRIVACY = [
    ("h2", "Bên kiểm soát dữ liệu", "Who is responsible for your data"),
    (
        "p",
        "Bên kiểm soát dữ liệu là đơn vị vận hành cổng thông tin: [tên pháp lý và địa chỉ của "
        "đơn vị vận hành, do đơn vị vận hành điền trước khi đưa cổng vào hoạt động].",
        "The controller of your data is the operator of the hub: [the operator's legal name "
        "and address, to be filled in by the operator before the hub goes into service].",
    ),
    ("h2", "Dữ liệu chúng tôi thu thập", "What we collect"),
    (
        "li",
        "Khi bạn gửi yêu cầu: họ tên, công ty, e-mail, số điện thoại và quốc gia của bạn.",
        "When you send an inquiry: your name, company, e-mail address, phone number and country.",
    ),
    (
        "li",
        "Nội dung yêu cầu: sản phẩm, số lượng và đơn vị, các tháng cần hàng, chứng nhận yêu "
        "cầu, điều kiện giao hàng, bao bì, ngày cần hàng và lời nhắn của bạn.",
        "What you ask for: products, quantities and units, the months, certifications, "
        "delivery terms, packaging, the date you need it by and your message.",
    ),
    (
        "li",
        "Ngôn ngữ bạn dùng và thời điểm bạn đồng ý, gửi yêu cầu.",
        "The language you used and when you gave your consent and sent the inquiry.",
    ),
    (
        "li",
        "Danh sách sản phẩm quan tâm được lưu trên máy chủ trong phiên truy cập của bạn, gắn "
        "với cookie phiên; không cần tài khoản.",
        "Your shortlist is kept on the server in your session, tied to the session cookie; "
        "no account is needed.",
    ),
    ("h2", "Mục đích và cơ sở pháp lý", "Why, and on what legal basis"),
    (
        "p",
        "Chúng tôi chỉ dùng dữ liệu để trả lời yêu cầu của bạn: chuyển yêu cầu tới các tỉnh "
        "và nhà sản xuất liên quan để họ liên hệ lại với bạn. Cơ sở pháp lý là sự đồng ý bạn "
        "đưa ra khi đánh dấu ô đồng ý trên mẫu yêu cầu (Điều 6(1)(a) GDPR). Bạn có thể rút "
        "lại sự đồng ý bất cứ lúc nào; việc rút lại không ảnh hưởng tới việc xử lý trước đó. "
        "Chúng tôi không dùng dữ liệu để quảng cáo và không bán dữ liệu.",
        "We use your data only to answer your inquiry: to route it to the provinces and "
        "producers concerned so that they can reply to you. The legal basis is the consent "
        "you give with the consent box on the inquiry form (Article 6(1)(a) GDPR). You may "
        "withdraw it at any time; this does not affect what was done before. We do not use "
        "your data for advertising and do not sell it.",
    ),
    ("h2", "Ai nhận dữ liệu", "Who receives it"),
    (
        "li",
        "Biên tập viên của các tỉnh, thành phố có sản phẩm hoặc nhà sản xuất trong yêu cầu "
        "của bạn, và nhóm xúc tiến thương mại trung ương.",
        "The editors of the provinces and cities whose products or producers your inquiry "
        "concerns, and the central trade-promotion team.",
    ),
    (
        "li",
        "Nhà sản xuất, khi tỉnh chuyển yêu cầu cho họ để trả lời bạn.",
        "The producers, when their province forwards your inquiry to them to answer you.",
    ),
    (
        "p",
        "Những người nhận này ở Việt Nam, ngoài Liên minh châu Âu; dữ liệu được chuyển tới họ "
        "vì bạn đề nghị được trả lời.",
        "These recipients are in Vietnam, outside the European Union; your data goes to them "
        "because you asked for an answer.",
    ),
    ("h2", "Quyền của bạn", "Your rights"),
    (
        "li",
        "Được biết và truy cập dữ liệu của bạn, yêu cầu chỉnh sửa dữ liệu sai.",
        "To know about and access your data, and to have wrong data corrected.",
    ),
    (
        "li",
        "Yêu cầu xóa dữ liệu, hạn chế xử lý hoặc phản đối việc xử lý; rút lại sự đồng ý.",
        "To have your data erased, to restrict or object to its processing, and to withdraw "
        "your consent.",
    ),
    (
        "li",
        "Khiếu nại với cơ quan bảo vệ dữ liệu của quốc gia nơi bạn sống hoặc làm việc, và ở "
        "Việt Nam với cơ quan chuyên trách bảo vệ dữ liệu cá nhân thuộc Bộ Công an.",
        "To complain to the data protection authority of the country where you live or work "
        "and, in Vietnam, to the personal data protection authority of the Ministry of "
        "Public Security.",
    ),
    (
        "p",
        "Để thực hiện các quyền này, hãy viết cho nhóm trung ương qua mẫu yêu cầu và nêu "
        "e-mail bạn đã dùng khi gửi yêu cầu.",
        "To exercise these rights, write to the central team through the inquiry form and "
        "give the e-mail address you used for your inquiry.",
    ),
    ("h2", "Pháp luật Việt Nam", "Vietnamese law"),
    (
        "p",
        "Tại Việt Nam, dữ liệu cá nhân được bảo vệ theo Luật Bảo vệ dữ liệu cá nhân số "
        "91/2025/QH15, có hiệu lực từ ngày 01/01/2026, thay thế Nghị định số 13/2023/NĐ-CP "
        "ngày 17/4/2023 về bảo vệ dữ liệu cá nhân. Thông báo này cũng cung cấp những thông "
        "tin mà GDPR yêu cầu đối với người mua ở Liên minh châu Âu.",
        "In Vietnam, personal data is protected by the Law on Personal Data Protection "
        "(Law 91/2025/QH15, in force since 1 January 2026), which replaced Decree "
        "13/2023/NĐ-CP of 17 April 2023 on personal data protection. This notice also gives "
        "the information the GDPR requires for buyers in the European Union.",
    ),
    ("h2", "Cookie", "Cookies"),
    (
        "li",
        "csrftoken: bảo vệ biểu mẫu khỏi yêu cầu giả mạo; được đặt khi bạn mở một biểu mẫu.",
        "csrftoken: protects the forms against forged requests; set when you open a form.",
    ),
    (
        "li",
        "sessionid: ghi nhớ danh sách sản phẩm quan tâm và yêu cầu bạn vừa gửi; chỉ được đặt "
        "khi bạn thêm sản phẩm vào danh sách hoặc gửi yêu cầu.",
        "sessionid: remembers your shortlist and the inquiry you have just sent; set only "
        "when you add a product to the shortlist or send an inquiry.",
    ),
    (
        "li",
        "messages: một thông báo ngắn hiển thị ở trang tiếp theo, rồi bị xóa.",
        "messages: a short notice shown on the next page, then removed.",
    ),
    (
        "p",
        "Ngôn ngữ nằm trong địa chỉ trang (/vi/, /en/), không dùng cookie. Cổng thông tin "
        "không dùng cookie thống kê hay quảng cáo.",
        "The language is part of the address (/en/, /vi/), not a cookie. The hub uses no "
        "analytics or advertising cookies.",
    ),
]


def body_html(blocks, language):
    """The blocks in `language` ("vi" or "en") as rich text HTML."""
    column = 1 if language == "vi" else 2
    html, in_list = [], False
    for block in blocks:
        tag, text = block[0], escape(block[column])
        if tag == "li" and not in_list:
            html.append("<ul>")
        elif tag != "li" and in_list:
            html.append("</ul>")
        in_list = tag == "li"
        html.append(f"<{tag}>{text}</{tag}>")
    if in_list:
        html.append("</ul>")
    return "".join(html)


def english_segments(blocks):
    """The English of each block, in the order wagtail-localize segments the Vietnamese."""
    return [block[2] for block in blocks]
