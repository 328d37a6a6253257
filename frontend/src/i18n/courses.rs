//! The course catalogue and its lecture materials.

use cebase_domain::learning::CourseCategory;

use super::{I18n, Lang};

messages! {
    /// A fixed message of the course and material screens.
    CourseKey;

    CoursesTitle => "课程目录", "Course catalogue";
    CourseSearch => "课程名称", "Course title";
    CourseName => "课程名称", "Title";
    Category => "科目类别", "Category";
    CreditHours => "学时", "Credit hours";
    CreditHoursHint => "大于 0，最多一位小数，如 1.5", "Greater than 0, at most one decimal, e.g. 1.5";
    Description => "课程简介", "Description";
    CreateCourse => "新增课程", "Add a course";
    EditCourse => "编辑课程", "Edit the course";
    CourseDetails => "课程信息", "Course details";
    NoCourses => "没有找到课程。", "No courses found.";
    MaterialsTitle => "课程讲义", "Lecture materials";
    MaterialsHint => "上传讲义、课件等文件（大小上限由系统配置，默认 20 MB）；参加该课程所在培训班的学员和任课教师可以下载。",
        "Upload lecture notes and slides (size limit set by the system, 20 MB by default); trainees and teachers of classes teaching this course can download them.";
    MaterialsChooseFile => "选择文件", "Choose a file";
    MaterialsNoFile => "请先选择要上传的文件。", "Choose a file to upload first.";
    MaterialsUpload => "上传讲义", "Upload";
    MaterialsUploading => "正在上传…", "Uploading…";
    MaterialsEmpty => "暂无讲义。", "No materials yet.";
    MaterialsFileName => "文件名", "File name";
    MaterialsSize => "大小", "Size";
    MaterialsUploadedAt => "上传时间", "Uploaded";
    MaterialsConfirmDelete => "确定删除该讲义？此操作不可撤销。", "Delete this file? This cannot be undone.";
    MaterialsLink => "讲义", "Materials";
    ClassMaterialsTitle => "培训班课程讲义", "Lecture materials of the class";
}

impl I18n {
    pub fn course_category(&self, category: CourseCategory) -> &'static str {
        match category {
            CourseCategory::PublicRequired => self.pick("公需科目", "Public required"),
            CourseCategory::Professional => self.pick("专业科目", "Professional"),
        }
    }

    /// Credit hours as people write them: `1.5 学时`, `2 hours`.
    pub fn credit_hours(&self, hours: f64) -> String {
        match self.lang() {
            Lang::Zh => format!("{hours} 学时"),
            Lang::En if hours == 1.0 => "1 hour".to_owned(),
            Lang::En => format!("{hours} hours"),
        }
    }

    /// A file size as people read it (`820 B`, `1.5 KB`, `12.3 MB`).
    pub fn file_size(&self, bytes: u64) -> String {
        const KB: f64 = 1024.0;
        let b = bytes as f64;
        if b < KB {
            format!("{bytes} B")
        } else if b < KB * KB {
            format!("{:.1} KB", b / KB)
        } else {
            format!("{:.1} MB", b / (KB * KB))
        }
    }
}
