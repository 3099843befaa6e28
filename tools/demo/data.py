"""The demo's content as literal data: users, sections, sources, a disclaimer and stories.

Everything here is written for the project. The outlets "نافذة الوادي" and "مرصد الشام
اليومي" are fictional (their sites use the reserved ``.example`` domain); the agencies are
real, but the terms recorded for them and every event in the stories are invented.
``tools.demo.load`` writes it to the database.
"""

from articles.models import Article
from sources.models import Source

# ---- Users ----
# Username -> the name of the role group the user belongs in (None: the superuser needs none).
# ``ensure_users`` puts each user in its group (made by articles.newsroom.roles.ensure_roles).
DEMO_USERS: dict[str, str | None] = {
    "admin": None,
    "editor": "Editors",
    "writer": "Writers",
    "translator": "Translators",
}

USER_DETAILS = {
    "admin": {"first_name": "مدير", "last_name": "الموقع", "email": "admin@khabar.example"},
    "editor": {"first_name": "رئيس", "last_name": "التحرير", "email": "editor@khabar.example"},
    "writer": {"first_name": "محرر", "last_name": "الأخبار", "email": "writer@khabar.example"},
    "translator": {"first_name": "مترجم", "last_name": "الموقع", "email": "translator@khabar.example"},
}

# ---- Sections ----
SECTIONS = [
    {"ar": "أخبار اليمن", "en": "Yemen news"},
    {"ar": "أخبار سوريا", "en": "Syria news"},
    {"ar": "اقتصاد", "en": "Economy"},
    {"ar": "رياضة", "en": "Sport"},
    {"ar": "ثقافة", "en": "Culture"},
]

# ---- Disclaimer ----
DISCLAIMER_NAME = "تنويه النقل الافتراضي"
DISCLAIMER_TEXT = {
    "ar": (
        "تنويه: نُشرت هذه المادة أولًا لدى {source_name} ({source_url})، وينقلها موقع {site_name} "
        "بنصّها كما وردت دون تدخّل في مضمونها. ما جاء فيها يعبّر عن مصدرها ولا يعبّر بالضرورة عن "
        "رأي {site_name}، وتبقى المسؤولية عن محتواها على المصدر المذكور."
    ),
    "en": (
        "Note: this item first appeared with {source_name} ({source_url}) and {site_name} carries "
        "it as published, without changing its substance. It reflects its source and not "
        "necessarily the view of {site_name}; responsibility for its content stays with that source."
    ),
}

# ---- Sources ----
DEMO_TERMS_NOTE = "بيانات تجريبية: هذه ليست شروط إعادة النشر الفعلية لدى الجهة."
SOURCES = [
    {
        "slug": "wadi-window",
        "kind": Source.Kind.OUTLET,
        "ar": "نافذة الوادي",
        "en": "Wadi Window",
        "homepage_url": "https://wadi-window.example/",
        "country": "اليمن",
        "aliases": ["نافذة الوادي", "Wadi Window"],
        "terms": {
            "terms_basis": Source.TermsBasis.AGREEMENT,
            "terms_edits": Source.Edits.STYLE,
            "terms_images_allowed": True,
            "terms_auto_publish": False,
            "terms_expire_in_days": 365,
            "search_policy": Source.SearchPolicy.CANONICAL_ORIGINAL,
            "terms_notes": "اتفاق تبادل محتوى موقّع مع إدارة الموقع، يسمح بتعديلات الأسلوب وحدها. " + DEMO_TERMS_NOTE,
        },
    },
    {
        "slug": "levant-daily",
        "kind": Source.Kind.OUTLET,
        "ar": "مرصد الشام اليومي",
        "en": "Levant Daily Observer",
        "homepage_url": "https://levant-daily.example/",
        "country": "سوريا",
        "aliases": ["مرصد الشام اليومي", "مرصد الشام", "Levant Daily"],
        "terms": {
            "terms_basis": Source.TermsBasis.CREATIVE_COMMONS,
            "terms_edits": Source.Edits.AS_IS,
            "terms_images_allowed": False,
            "terms_auto_publish": True,
            "terms_expire_in_days": None,
            "search_policy": Source.SearchPolicy.NOINDEX_NEWS,
            "terms_notes": "رخصة المشاع الإبداعي مع نسبة المادة إلى مصدرها ومنع التعديل؛ الصور غير مشمولة. "
            + DEMO_TERMS_NOTE,
        },
    },
    {
        "slug": "afp",
        "kind": Source.Kind.AGENCY,
        "ar": "وكالة الصحافة الفرنسية",
        "en": "Agence France-Presse",
        "homepage_url": "https://www.afp.com/",
        "country": "فرنسا",
        "aliases": ["AFP", "أ ف ب", "فرانس برس", "وكالة الصحافة الفرنسية"],
        # Names the attribution matcher treats specially (sources.names): a foreign name has
        # other spellings ("فرنسا برس"); without "وكالة", "الصحافة الفرنسية" is the French press.
        "transliterated": ["فرانس برس"],
        "needs_cue": ["وكالة الصحافة الفرنسية"],
        "terms": {
            "terms_basis": Source.TermsBasis.AGREEMENT,
            "terms_edits": Source.Edits.AS_IS,
            "terms_images_allowed": False,
            "terms_auto_publish": False,
            "terms_expire_in_days": 180,
            "search_policy": Source.SearchPolicy.OWN_CANONICAL,
            "terms_notes": "اشتراك في خدمة الأخبار العربية؛ الصور باشتراك منفصل. " + DEMO_TERMS_NOTE,
        },
    },
    {
        "slug": "reuters",
        "kind": Source.Kind.AGENCY,
        "ar": "رويترز",
        "en": "Reuters",
        "homepage_url": "https://www.reuters.com/",
        "country": "المملكة المتحدة",
        "aliases": ["رويترز", "Reuters"],
        "terms": {
            "terms_basis": Source.TermsBasis.AGREEMENT,
            "terms_edits": Source.Edits.STYLE,
            "terms_images_allowed": False,
            "terms_auto_publish": False,
            "terms_expire_in_days": 90,
            "search_policy": Source.SearchPolicy.OWN_CANONICAL,
            "terms_notes": DEMO_TERMS_NOTE,
        },
    },
    {
        "slug": "ap",
        "kind": Source.Kind.AGENCY,
        "ar": "أسوشيتد برس",
        "en": "The Associated Press",
        "homepage_url": "https://apnews.com/",
        "country": "الولايات المتحدة",
        "aliases": ["أسوشيتد برس", "AP"],
        "transliterated": ["أسوشيتد برس"],
        "terms": {
            "terms_basis": Source.TermsBasis.NONE,
            "terms_edits": Source.Edits.AS_IS,
            "terms_images_allowed": False,
            "terms_auto_publish": False,
            "terms_expire_in_days": None,
            "search_policy": Source.SearchPolicy.CANONICAL_ORIGINAL,
            "terms_notes": "لا اتفاق قائمًا: يُذكر اسم الوكالة حين يُنقل عنها فقط. " + DEMO_TERMS_NOTE,
        },
    },
]

# ---- Articles ----
# ``hours_ago`` places the publication time relative to the moment of loading; None keeps the
# story as a draft. ``source``/``cited`` name source slugs; ``section`` the section's index.
IMAGE_CREDIT = "رسم توضيحي: خبر (صورة تجريبية)"
IMAGE_CREDIT_EN = "Illustration: Khabar (demo picture)"

# The tags' names on the English edition (Tag.translated_name).
TAGS_EN = {
    "الأسعار": "Prices", "الأسواق": "Markets", "الأمن الغذائي": "Food security", "البنك المركزي": "Central bank",
    "التجارة": "Trade", "التراث": "Heritage", "الخبز": "Bread", "الدفاع المدني": "Civil defence",
    "الرياضة النسائية": "Women's sport", "الريال اليمني": "Yemeni rial", "الزراعة": "Agriculture",
    "الزيتون": "Olives", "السباحة": "Swimming", "الشعر": "Poetry", "الصحة": "Health", "الطقس": "Weather",
    "الطيران": "Aviation", "العملة": "Currency", "الغوطة": "Ghouta", "القمح": "Wheat", "الكهرباء": "Electricity",
    "اللاذقية": "Latakia", "المخطوطات": "Manuscripts", "المكلا": "Mukalla", "المياه": "Water",
    "انهيار مبنى": "Building collapse", "تريم": "Tarim", "حضرموت": "Hadramout", "حلب": "Aleppo", "حمص": "Homs",
    "دمشق": "Damascus", "سيئون": "Seiyun", "سيول": "Floods", "صنعاء": "Sanaa", "عدن": "Aden",
    "كأس المحافظة": "Governorate cup", "كرة القدم": "Football", "مطار حلب": "Aleppo airport",
    "مهرجانات": "Festivals", "ميناء عدن": "Port of Aden",
}

ARTICLES = [
    {
        "section": 0,
        "origin": Article.Origin.REPUBLISHED,
        "source": "wadi-window",
        "cited": ["afp"],
        "original_url": "https://wadi-window.example/news/mukalla-floods",
        "hours_ago": 3,
        "tags": ["المكلا", "حضرموت", "سيول", "الطقس"],
        "image": ("Mukalla floods", (32, 78, 120), (214, 168, 96)),
        "ar": {
            "title": "أمطار غزيرة تغمر أحياء في المكلا وتقطع الطريق الساحلي",
            "summary": "غمرت سيول ليلية أحياء منخفضة في المكلا وأغلقت الطريق الساحلي لساعات، من دون تسجيل إصابات.",
            "dateline": "المكلا",
            "byline": "",
            "image_alt": "رسم لسماء ملبدة بالغيوم فوق ساحل المكلا",
            "image_caption": "أمطار متواصلة على ساحل حضرموت منذ مساء أمس.",
            "body": [
                "غمرت مياه الأمطار الغزيرة التي هطلت طوال الليلة الماضية أحياء منخفضة في مدينة المكلا، مركز محافظة "
                "حضرموت، وأدت إلى إغلاق الطريق الساحلي الرابط بين المدينة ومديريات الساحل لساعات عدة.",
                "وقال مسؤول في الدفاع المدني لوكالة الصحافة الفرنسية (أ ف ب) إن فرق الإنقاذ أخلت نحو أربعين أسرة "
                "من منازلها في حي الشرج إلى مدارس قريبة، مؤكدًا عدم تسجيل إصابات حتى صباح اليوم.",
                "وتوقّع المركز الوطني للأرصاد استمرار الهطولات المتفرقة على المرتفعات الشرقية خلال اليومين "
                "المقبلين، داعيًا السائقين إلى تجنّب عبور مجاري السيول.",
                "وأعادت السلطات المحلية فتح الطريق الساحلي بعد ساعات من إزاحة الأتربة والحجارة التي جرفتها "
                "المياه، فيما تواصل فرق البلدية شفط المياه من الشوارع الداخلية.",
            ],
        },
        "en": {
            "title": "Heavy rain floods parts of Mukalla and cuts the coastal road",
            "summary": "Overnight floods swamped low-lying districts of Mukalla and closed the coastal road for hours; no injuries were reported.",
            "dateline": "Mukalla",
            "image_alt": "Illustration of a cloudy sky over the Mukalla coast",
            "image_caption": "Continuous rain on the Hadramout coast since yesterday evening.",
            "body": [
                "Heavy rain that fell throughout the night flooded low-lying districts of Mukalla, the capital "
                "of Hadramout governorate, and closed the coastal road linking the city with the coastal districts "
                "for several hours.",
                "A civil defence official told Agence France-Presse (AFP) that rescue teams moved about forty "
                "families from their homes in the Sharj district to nearby schools, adding that no injuries had "
                "been recorded by this morning.",
                "The national weather centre expects scattered showers over the eastern highlands for the next two "
                "days and urged drivers not to cross flood channels.",
                "Local authorities reopened the coastal road hours after clearing the soil and rocks "
                "the water had carried, while municipal crews keep pumping water out of inner streets.",
            ],
        },
    },
    {
        "section": 0,
        "origin": Article.Origin.ORIGINAL,
        "hours_ago": 20,
        "tags": ["سيئون", "حضرموت", "الصحة"],
        "image": ("Seiyun clinic", (18, 110, 110), (236, 236, 220)),
        "ar": {
            "title": "افتتاح مركز لغسيل الكلى في سيئون بتمويل من رجال أعمال محليين",
            "summary": "مركز جديد بعشرين جهازًا يخفّف رحلات مرضى الفشل الكلوي في وادي حضرموت إلى المكلا.",
            "dateline": "سيئون",
            "byline": "مراسل خبر في وادي حضرموت",
            "image_alt": "رسم لمبنى طبي أبيض تعلوه إشارة الهلال الأحمر",
            "image_caption": "مدخل المركز الجديد في سيئون يوم افتتاحه.",
            "body": [
                "افتُتح في مدينة سيئون مركز متخصص لغسيل الكلى يضم عشرين جهازًا، بتمويل جمعه عدد من "
                "رجال الأعمال في وادي حضرموت خلال حملة استمرت عامًا كاملًا.",
                "وقال مدير المركز لـ«خبر» إن المرضى كانوا يقطعون أكثر من ثلاثمئة كيلومتر إلى المكلا ثلاث مرات في "
                "الأسبوع، وإن المركز سيستقبل في مرحلته الأولى نحو مئة وعشرين مريضًا مسجّلين لدى مكتب الصحة.",
                "وأضاف أن الجلسات ستكون مجانية خلال السنة الأولى، على أن تتولى السلطة المحلية تغطية نفقات "
                "التشغيل بعدها، مشيرًا إلى حاجة المركز إلى ممرضين مدرَّبين على الأجهزة الحديثة.",
            ],
        },
    },
    {
        "section": 0,
        "origin": Article.Origin.REPUBLISHED,
        "source": "wadi-window",
        "cited": ["reuters"],
        "original_url": "https://wadi-window.example/news/aden-port-wheat",
        "hours_ago": 28,
        "tags": ["عدن", "ميناء عدن", "القمح", "الأمن الغذائي"],
        "image": ("Aden port", (20, 60, 100), (120, 170, 200)),
        "ar": {
            "title": "ميناء عدن يستقبل أول شحنة قمح كبيرة منذ شهرين",
            "summary": "سفينة تحمل ستين ألف طن من القمح ترسو في عدن، في ظل مخاوف من نقص الطحين في الأسواق.",
            "dateline": "عدن",
            "byline": "",
            "image_alt": "رسم لرافعات وحاويات على رصيف ميناء",
            "image_caption": "أرصفة ميناء عدن، حيث بدأ تفريغ الشحنة.",
            "body": [
                "رست في ميناء عدن سفينة تحمل نحو ستين ألف طن من القمح، هي أول شحنة بهذا الحجم تصل إلى "
                "الميناء منذ أكثر من شهرين، بحسب ما أفادت به مؤسسة موانئ خليج عدن.",
                "ونقلت وكالة رويترز عن مسؤول في الميناء قوله إن تفريغ الشحنة سيستغرق خمسة أيام، وإن جزءًا منها "
                "مخصص للمطاحن المحلية والجزء الآخر لمخازن برامج الإغاثة.",
                "وكانت أسعار الطحين قد ارتفعت في أسواق عدن ولحج خلال الأسابيع الماضية بنسبة تقارب الخُمس، وسط "
                "شكاوى من تجار التجزئة من صعوبة الحصول على العملة الأجنبية لتمويل الاستيراد.",
            ],
        },
    },
    {
        "section": 0,
        "origin": Article.Origin.ORIGINAL,
        "hours_ago": 0.5,
        "breaking": True,
        "tags": ["عدن", "الكهرباء"],
        "image": ("Aden power cut", (40, 20, 20), (200, 60, 40)),
        "ar": {
            "title": "انقطاع الكهرباء عن معظم أحياء عدن إثر عطل في محطة توليد رئيسية",
            "summary": "عطل مفاجئ في إحدى محطات التوليد يُغرق معظم أحياء عدن في الظلام، والمؤسسة تعد بإصلاحه خلال ساعات.",
            "dateline": "عدن",
            "byline": "مراسل خبر في عدن",
            "image_alt": "رسم لأعمدة كهرباء مطفأة في شارع ليلي",
            "image_caption": "شارع في مديرية المعلا بعد انقطاع التيار.",
            "body": [
                "انقطع التيار الكهربائي قبل قليل عن معظم أحياء مدينة عدن، إثر عطل مفاجئ في إحدى محطات التوليد "
                "الرئيسية، بحسب ما أفاد به مصدر في المؤسسة العامة للكهرباء.",
                "وقال المصدر لـ«خبر» إن فرق الصيانة وصلت إلى المحطة وتعمل على تحديد سبب العطل، متوقعًا عودة التيار "
                "تدريجيًا خلال ساعات، وبدءًا بالمستشفيات ومضخات المياه.",
                "ويأتي الانقطاع في وقت تعاني فيه المدينة أصلًا من ساعات إطفاء طويلة بسبب نقص الوقود. وسنوافيكم "
                "بالتفاصيل فور ورودها.",
            ],
        },
    },
    {
        "section": 1,
        "origin": Article.Origin.REPUBLISHED,
        "source": "levant-daily",
        "cited": ["afp", "ap"],
        "original_url": "https://levant-daily.example/2026/aleppo-airport-flights",
        "hours_ago": 6,
        "tags": ["حلب", "مطار حلب", "الطيران"],
        "image": ("Aleppo airport", (70, 40, 110), (230, 190, 120)),
        "ar": {
            "title": "عودة الرحلات التجارية المنتظمة إلى مطار حلب الدولي",
            "summary": "ثلاث رحلات أسبوعية تربط حلب بعواصم عربية بعد انقطاع طويل، وسط إقبال من المسافرين.",
            "dateline": "حلب",
            "byline": "",
            "image_alt": "رسم لطائرة ركاب فوق مدرج عند الغروب",
            "image_caption": "مدرج مطار حلب الدولي قبيل هبوط أول رحلة منتظمة.",
            "body": [
                "هبطت في مطار حلب الدولي أول رحلة تجارية منتظمة منذ فترة طويلة، في خطوة يقول مسؤولو "
                "الطيران المدني إنها بداية جدول ثابت من ثلاث رحلات أسبوعيًا.",
                "وأفاد مراسل وكالة الصحافة الفرنسية (أ ف ب) بأن عشرات العائلات تجمّعت في صالة الوصول لاستقبال "
                "ذويها، فيما رُفعت لافتات ترحيب على مدخل المطار.",
                "ونقلت وكالة أسوشيتد برس عن مدير المطار قوله إن أعمال صيانة المدرج وأنظمة الملاحة اكتملت خلال "
                "الصيف، وإن شركتين إضافيتين أبدتا رغبتهما في تسيير رحلات إلى المدينة.",
                "ويأمل تجار حلب أن تسهم عودة الرحلات في تنشيط حركة الأعمال وتخفيف كلفة السفر برًا عبر دمشق أو "
                "المعابر الحدودية.",
            ],
        },
        "en": {
            "title": "Regular commercial flights return to Aleppo International Airport",
            "summary": "Three weekly flights link Aleppo with Arab capitals after a long gap, and travellers are keen.",
            "dateline": "Aleppo",
            "image_alt": "Illustration of a passenger plane over a runway at sunset",
            "image_caption": "The runway at Aleppo International Airport shortly before the first scheduled landing.",
            "body": [
                "The first regular commercial flight in a long time landed at Aleppo International "
                "Airport, a step civil aviation officials describe as the start of a fixed schedule of "
                "three flights a week.",
                "An Agence France-Presse (AFP) correspondent reported that dozens of families gathered in the "
                "arrivals hall to greet relatives, while welcome banners hung at the airport entrance.",
                "The Associated Press quoted the airport's director as saying that repairs to the runway and the "
                "navigation systems were completed over the summer, and that two more airlines had shown interest "
                "in flying to the city.",
                "Aleppo traders hope the flights will revive business and cut the cost of travelling overland "
                "through Damascus or the border crossings.",
            ],
        },
    },
    {
        "section": 1,
        "origin": Article.Origin.REPUBLISHED,
        "source": "levant-daily",
        "cited": ["reuters"],
        "original_url": "https://levant-daily.example/2026/damascus-bread-prices",
        "hours_ago": 30,
        "tags": ["دمشق", "الخبز", "الأسعار"],
        "image": ("Damascus bread", (120, 70, 30), (240, 210, 150)),
        "ar": {
            "title": "ارتفاع سعر ربطة الخبز في دمشق بعد تعديل سعر الطحين",
            "summary": "الأفران الخاصة في دمشق ترفع سعر الربطة، والأهالي يشكون من طوابير أطول أمام المخابز العامة.",
            "dateline": "دمشق",
            "byline": "",
            "image_alt": "رسم لأرغفة خبز عربي مكدسة على طاولة",
            "image_caption": "أرغفة خبز في أحد أفران حي الميدان.",
            "body": [
                "رفعت الأفران الخاصة في دمشق سعر ربطة الخبز هذا الأسبوع، بعد قرار بتعديل سعر الطحين "
                "المخصص لها، في حين بقي السعر في المخابز العامة على حاله.",
                "وقال صاحب فرن في حي الميدان لوكالة رويترز إن كلفة الوقود والنقل تضاعفت خلال العام، وإن هامش "
                "الربح لم يعد يغطي أجور العمال.",
                "وشهدت المخابز العامة طوابير أطول من المعتاد، فيما طالب سكان بزيادة عدد منافذ البيع "
                "في الأحياء المكتظة وتمديد ساعات عملها.",
            ],
        },
    },
    {
        "section": 1,
        "origin": Article.Origin.ORIGINAL,
        "hours_ago": None,
        "tags": ["الغوطة", "الزراعة", "الزيتون", "المياه"],
        "image": ("Ghouta olives", (50, 90, 40), (190, 200, 120)),
        "ar": {
            "title": "مزارعو الغوطة يستعدون لموسم الزيتون رغم شحّ المياه",
            "summary": "تراجع منسوب الآبار يقلق مزارعي الغوطة الشرقية قبل أسابيع من بدء القطاف.",
            "dateline": "دوما",
            "byline": "مراسلة خبر في ريف دمشق",
            "image_alt": "رسم لأشجار زيتون على أرض جافة",
            "image_caption": "بستان زيتون في الغوطة الشرقية قبل موسم القطاف.",
            "body": [
                "يستعد مزارعو الغوطة الشرقية لموسم قطاف الزيتون بقلق واضح، بعد صيف طويل انخفض فيه منسوب الآبار "
                "إلى مستويات لم يعرفوها منذ سنوات.",
                "ويقول مزارع في بلدة دوما إن أشجاره أعطت في العام الماضي ضعف ما يتوقعه هذا العام، وإنه اضطر إلى "
                "شراء المياه بالصهاريج لإنقاذ الأشجار الصغيرة.",
                "ويطالب المزارعون بإعادة تأهيل قنوات الري القديمة وتقسيط أسعار ألواح الطاقة الشمسية لتشغيل "
                "المضخات، فيما تقول مديرية الزراعة إنها تدرس برنامج دعم للموسم المقبل.",
            ],
        },
    },
    {
        "section": 1,
        "origin": Article.Origin.REPUBLISHED,
        "source": "levant-daily",
        "cited": ["afp"],
        "original_url": "https://levant-daily.example/2026/homs-building-rescue",
        "hours_ago": 50,
        "tags": ["حمص", "الدفاع المدني", "انهيار مبنى"],
        "image": ("Homs rescue", (60, 60, 70), (220, 120, 40)),
        "ar": {
            "title": "الدفاع المدني ينقذ عائلة من تحت أنقاض مبنى متصدّع في حمص",
            "summary": "انهيار جزئي لمبنى قديم في حمص يحاصر عائلة من خمسة أفراد لساعات قبل إنقاذهم.",
            "dateline": "حمص",
            "byline": "",
            "image_alt": "رسم لمبنى متصدع تحيط به أضواء سيارات الإسعاف",
            "image_caption": "فرق الإنقاذ في موقع المبنى المنهار جزئيًا.",
            "body": [
                "تمكنت فرق الدفاع المدني في حمص من إنقاذ عائلة من خمسة أفراد حوصرت تحت أنقاض طابق "
                "انهار جزئيًا في مبنى قديم بحي الخالدية.",
                "وقال أحد المسعفين لوكالة الصحافة الفرنسية (أ ف ب) إن عمليات البحث استمرت نحو أربع ساعات، وإن "
                "الأطفال الثلاثة نُقلوا إلى المستشفى لإصابتهم بكدمات طفيفة.",
                "ويحذّر مهندسون منذ أشهر من أن مئات المباني في الأحياء المتضررة تحتاج إلى تقييم إنشائي عاجل قبل "
                "حلول فصل الشتاء والأمطار.",
                "وأعلنت محافظة حمص تشكيل لجنة فنية لمسح المباني المجاورة وإخلاء ما يثبت خطره منها مؤقتًا.",
            ],
        },
    },
    {
        "section": 2,
        "origin": Article.Origin.REPUBLISHED,
        "source": "wadi-window",
        "cited": ["reuters", "afp"],
        "original_url": "https://wadi-window.example/economy/rial-dollar-aden",
        "hours_ago": 10,
        "tags": ["الريال اليمني", "العملة", "عدن", "البنك المركزي"],
        "image": ("Yemeni rial", (10, 50, 90), (60, 150, 120)),
        "ar": {
            "title": "الريال اليمني يتراجع أمام الدولار في تعاملات عدن",
            "summary": "العملة المحلية تخسر نحو ثلاثة في المئة من قيمتها خلال أسبوع، والبنك المركزي يعلن مزادًا جديدًا.",
            "dateline": "عدن",
            "byline": "",
            "image_alt": "رسم لأوراق نقدية ورسم بياني هابط",
            "image_caption": "واجهة محل صرافة في مديرية كريتر.",
            "body": [
                "تراجع سعر صرف الريال اليمني أمام الدولار الأمريكي في تعاملات سوق عدن خلال الأسبوع الجاري بنحو "
                "ثلاثة في المئة، وفق أسعار أعلنتها شركات صرافة في المدينة.",
                "وقال مصرفي لوكالة رويترز إن الطلب على العملة الأجنبية ارتفع مع اقتراب مواسم الاستيراد، في حين "
                "نقلت وكالة الصحافة الفرنسية (أ ف ب) عن تجار قولهم إن أسعار السلع المستوردة بدأت ترتفع فعلًا.",
                "وأعلن البنك المركزي في عدن عن مزاد جديد لبيع العملة الأجنبية للبنوك التجارية الأسبوع المقبل، "
                "في محاولة لتهدئة السوق وتوفير السيولة لمستوردي السلع الأساسية.",
            ],
        },
        "en": {
            "title": "Yemeni rial slips against the dollar in Aden trading",
            "summary": "The local currency loses about three per cent of its value in a week; the central bank announces a new auction.",
            "dateline": "Aden",
            "image_alt": "Illustration of banknotes and a falling chart",
            "image_caption": "The front of an exchange shop in the Crater district.",
            "body": [
                "The Yemeni rial fell by about three per cent against the US dollar in Aden trading this week, "
                "according to rates published by exchange companies in the city.",
                "A banker told Reuters that demand for foreign currency rose as import seasons approach, while "
                "Agence France-Presse (AFP) quoted traders as saying that prices of imported goods had already "
                "started to climb.",
                "The central bank in Aden announced a new foreign-currency auction for commercial banks next week, "
                "in an attempt to calm the market and supply liquidity to importers of basic goods.",
            ],
        },
    },
    {
        "section": 2,
        "origin": Article.Origin.ORIGINAL,
        "hours_ago": 40,
        "tags": ["صنعاء", "الأسواق", "التجارة"],
        "image": ("Sanaa markets", (90, 50, 20), (200, 140, 70)),
        "ar": {
            "title": "تجار صنعاء يشكون ركودًا في أسواق الملابس قبيل الشتاء",
            "summary": "مبيعات الملابس الشتوية في أسواق صنعاء القديمة أقل من نصف ما كانت عليه في الموسم الماضي.",
            "dateline": "صنعاء",
            "byline": "قسم الاقتصاد في خبر",
            "image_alt": "رسم لمحال ملابس متلاصقة في سوق قديم",
            "image_caption": "سوق الملابس في صنعاء القديمة.",
            "body": [
                "يشكو تجار الملابس في أسواق صنعاء القديمة من ركود غير معتاد مع اقتراب فصل الشتاء، إذ يقول "
                "كثيرون منهم إن مبيعاتهم تراجعت إلى أقل من نصف ما كانت عليه في الموسم الماضي.",
                "ويرجع التجار الركود إلى تأخر صرف الرواتب وارتفاع كلفة النقل من الموانئ، ما اضطرهم إلى رفع "
                "الأسعار في وقت تتراجع فيه قدرة الأسر الشرائية.",
                "ولجأ بعضهم إلى البيع بالتقسيط أو تخفيض أسعار البضائع القديمة لتصريفها، فيما يفضّل متسوقون "
                "أسواق الملابس المستعملة التي تشهد إقبالًا متزايدًا.",
                "ويتوقع تجار أن تتحسن الحركة نسبيًا مع بداية العام الدراسي الثاني، إذا ما صُرفت دفعات من "
                "الرواتب المتأخرة.",
            ],
        },
    },
    {
        "section": 3,
        "origin": Article.Origin.ORIGINAL,
        "hours_ago": 14,
        "tags": ["كرة القدم", "كأس المحافظة", "حضرموت"],
        "image": ("Valley Stars FC", (20, 100, 50), (240, 220, 60)),
        "ar": {
            "title": "نجوم الوادي يبلغ نصف نهائي كأس المحافظة بركلات الترجيح",
            "summary": "حارس نجوم الوادي يتصدى لركلتين ويقود فريقه إلى المربع الذهبي بعد تعادل سلبي.",
            "dateline": "سيئون",
            "byline": "المحرر الرياضي في خبر",
            "image_alt": "رسم لكرة قدم على خط المرمى في ملعب مضاء",
            "image_caption": "ملعب سيئون الأولمبي مساء المباراة.",
            "body": [
                "تأهل فريق نجوم الوادي إلى الدور نصف النهائي من كأس المحافظة لكرة القدم، بعد فوزه على ضيفه "
                "شباب الساحل بركلات الترجيح (4-2) إثر تعادلهما سلبيًا في الوقت الأصلي.",
                "وتألق حارس نجوم الوادي بتصدّيه لركلتين، في مباراة شهدت حضورًا جماهيريًا كبيرًا على ملعب سيئون "
                "الأولمبي رغم برودة الطقس.",
                "وقال مدرب الفريق بعد المباراة إن لاعبيه عانوا من الإرهاق بعد ثلاث مباريات في أسبوع واحد، مؤكدًا "
                "أن الفريق سيستعيد لاعبَين مصابَين قبل موعد نصف النهائي.",
            ],
        },
        "en": {
            "title": "Valley Stars reach the governorate cup semi-final on penalties",
            "byline": "Khabar sports editor",
            "summary": "Valley Stars' goalkeeper saves two spot kicks after a goalless draw and takes his side into the last four.",
            "dateline": "Seiyun",
            "image_alt": "Illustration of a football on the goal line in a floodlit stadium",
            "image_caption": "Seiyun Olympic Stadium on the evening of the match.",
            "body": [
                "Valley Stars reached the semi-final of the governorate football cup after beating visitors Coast "
                "Youth 4-2 on penalties, following a goalless draw in normal time.",
                "The Valley Stars goalkeeper saved two penalties in a match watched by a large crowd at Seiyun "
                "Olympic Stadium despite the cold weather.",
                "The coach said after the match that his players were tired after three games in one week, and that "
                "two injured players would be back before the semi-final.",
            ],
        },
    },
    {
        "section": 3,
        "origin": Article.Origin.REPUBLISHED,
        "source": "levant-daily",
        "cited": ["ap"],
        "original_url": "https://levant-daily.example/2026/latakia-swimming-marathon",
        "hours_ago": 60,
        "tags": ["اللاذقية", "السباحة", "الرياضة النسائية"],
        "image": ("Latakia swim", (0, 90, 150), (130, 210, 230)),
        "ar": {
            "title": "مئة وعشرون سبّاحًا في ماراثون سباحة مفتوح على شاطئ اللاذقية",
            "summary": "أول ماراثون سباحة في المياه المفتوحة منذ سنوات يجمع هواة ومحترفين، وفتاة في السادسة عشرة بين الفائزين.",
            "dateline": "اللاذقية",
            "byline": "",
            "image_alt": "رسم لأمواج زرقاء وعوامات سباق",
            "image_caption": "خط انطلاق الماراثون على الشاطئ الشمالي.",
            "body": [
                "شارك مئة وعشرون سباحًا وسباحة من محافظات عدة في ماراثون سباحة مفتوح على الشاطئ الشمالي "
                "لمدينة اللاذقية، هو الأول من نوعه منذ سنوات.",
                "وقطع المشاركون مسافة خمسة كيلومترات بمحاذاة الشاطئ، وفازت بالمركز الأول في فئة الناشئات سبّاحة "
                "في السادسة عشرة من عمرها، بحسب ما نقلت وكالة أسوشيتد برس عن منظمي السباق.",
                "وقال المنظمون إنهم يأملون في جعل الماراثون حدثًا سنويًا يجذب مشاركين من خارج البلاد، داعين إلى "
                "تحسين مرافق الشواطئ العامة.",
            ],
        },
    },
    {
        "section": 4,
        "origin": Article.Origin.ORIGINAL,
        "hours_ago": 70,
        "tags": ["تريم", "الشعر", "مهرجانات"],
        "image": ("Tarim poetry", (80, 30, 90), (220, 170, 220)),
        "ar": {
            "title": "مهرجان للشعر الحضرمي في تريم يجمع شعراء من ست محافظات",
            "summary": "ثلاث ليالٍ من الشعر الشعبي والفصيح في ساحة تاريخية وسط تريم، مع جلسة خاصة للشعراء الشباب.",
            "dateline": "تريم",
            "byline": "محرر الشؤون الثقافية في خبر",
            "image_alt": "رسم لمئذنة طينية تحت سماء مسائية",
            "image_caption": "ساحة المهرجان في وسط تريم القديمة.",
            "body": [
                "انطلقت في مدينة تريم فعاليات مهرجان الشعر الحضرمي في دورته الأولى، بمشاركة أكثر من "
                "ثلاثين شاعرًا من ست محافظات يمنية.",
                "ويتضمن المهرجان ثلاث ليالٍ من الشعر الشعبي والفصيح في ساحة تاريخية وسط المدينة، إلى جانب جلسة "
                "مخصصة للشعراء الشباب تُختار منها ثلاث قصائد للنشر في ديوان مشترك.",
                "وقالت اللجنة المنظمة إن المهرجان يسعى إلى توثيق ألوان الشعر الحضرمي المغنّى، وتسجيل القصائد "
                "بأصوات أصحابها قبل أن تضيع.",
            ],
        },
    },
    {
        "section": 4,
        "origin": Article.Origin.REPUBLISHED,
        "source": "wadi-window",
        "cited": ["afp"],
        "original_url": "https://wadi-window.example/culture/tarim-manuscripts",
        "hours_ago": None,
        "tags": ["تريم", "المخطوطات", "التراث"],
        "image": ("Tarim manuscripts", (110, 80, 40), (235, 220, 180)),
        "ar": {
            "title": "مشروع لترميم ورقمنة آلاف المخطوطات في مكتبات تريم",
            "summary": "فريق من المرممين يبدأ العمل على مخطوطات يعود بعضها إلى قرون، ونسخ رقمية متاحة للباحثين.",
            "dateline": "تريم",
            "byline": "",
            "image_alt": "رسم لصفحات مخطوطة قديمة مفتوحة",
            "image_caption": "مخطوطة في إحدى مكتبات تريم قبل ترميمها.",
            "body": [
                "بدأ فريق من المرممين في مدينة تريم العمل على مشروع لترميم ورقمنة آلاف المخطوطات المحفوظة في "
                "مكتبات المدينة، يعود بعضها إلى قرون عدة.",
                "وقال المشرف على المشروع لوكالة الصحافة الفرنسية (أ ف ب) إن الرطوبة والأرَضة ألحقتا أضرارًا "
                "بمئات المخطوطات، وإن الأولوية ستكون لكتب الفقه والفلك والطب النادرة.",
                "وستُتاح النسخ الرقمية للباحثين عبر منصة إلكترونية بعد فهرستها، على أن تبقى الأصول محفوظة في "
                "خزائن مجهزة بأجهزة للتحكم في الحرارة والرطوبة.",
            ],
        },
    },
]

